"""What the agents' workspace keeps of its own: each agent's saved queue views, canned
responses and macros."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A named set of queue filters an agent keeps (`desk.queue.QueueFilters.as_dict`)."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("agent"),
    )
    name = models.CharField(_("name"), max_length=80)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["agent", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CannedResponse(models.Model):
    """A ready-made reply an agent starts from; one without a policy serves every policy."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_responses",
        verbose_name=_("policy"),
        help_text=_("Leave empty to offer it on every policy's cases."),
    )

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Macro(models.Model):
    """A canned reply together with changes to the case, applied in one click (issue 17): the
    reply (if any) is sent, then the case is assigned to whoever applies it, its severity and its
    status changed. One without a policy serves every policy; one with an owner is that agent's
    own."""

    title = models.CharField(_("title"), max_length=120)
    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("policy"),
        help_text=_("Leave empty to offer it on every policy's cases."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("agent"),
        help_text=_("Leave empty to offer it to every agent; else only this agent sees it."),
    )
    body = models.TextField(_("reply"), blank=True)
    assign_to_me = models.BooleanField(_("assign the case to whoever applies it"), default=False)
    severity = models.CharField(_("new severity"), max_length=8, blank=True)
    status = models.CharField(
        _("new status"),
        max_length=32,
        blank=True,
        choices=[
            ("in_progress", _("in progress")),
            ("waiting_on_client", _("waiting on client")),
            ("resolved", _("resolved (the reply is the resolution)")),
        ],
    )

    class Meta:
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status == "resolved" and not self.body.strip():
            raise ValidationError({"body": _("Resolving needs the reply: it is the resolution.")})
        if not (self.body.strip() or self.assign_to_me or self.severity or self.status):
            raise ValidationError(_("A macro sends a reply or changes something on the case."))
