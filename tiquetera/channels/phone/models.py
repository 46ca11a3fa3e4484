"""Phone calls an agent logs: who called (or was called), when, for how long, what was said, and
the case the call opened or was about."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Call(models.Model):
    """One phone call with a client, logged by an agent."""

    class Direction(models.TextChoices):
        INBOUND = "in", _("incoming")
        OUTBOUND = "out", _("outgoing")

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("organization"),
    )
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("contact"),
    )
    caller_name = models.CharField(_("caller's name"), max_length=200)
    number = models.CharField(
        _("phone number"), max_length=20, blank=True, help_text=_("E.164, e.g. +576063134484.")
    )
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.INBOUND
    )
    started_at = models.DateTimeField(_("started"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    summary = models.TextField(_("summary"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    case = models.ForeignKey(
        "tickets.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("case"),
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["-started_at", "-id"], name="call_recent"),
            models.Index(fields=["organization", "-started_at"], name="call_organization_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.caller_name} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration_minutes(self) -> int:
        """Started minutes, as a call is told ("3 min" for 2 min 10 s)."""
        return -(-self.duration_seconds // 60)
