"""What the agents' workspace keeps of its own: each agent's saved queue views."""

from django.conf import settings
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
