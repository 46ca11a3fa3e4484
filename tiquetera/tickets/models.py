"""Cases and their numbering."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .statuses import Status

DEFAULT_CASE_PREFIX = "TQ"


class CaseNumberSequence(models.Model):
    """The last case number given out under a policy in a year; see `numbering.next_number`."""

    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.CASCADE, related_name="+", verbose_name=_("policy")
    )
    year = models.PositiveIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")
        constraints = [
            models.UniqueConstraint(fields=["policy", "year"], name="case_number_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.year}: {self.last}"


class Case(models.Model):
    """A client's request for support: the unit every SLA clock, entitlement and reply hangs on."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("portal")
        EMAIL = "email", _("email")
        WHATSAPP = "whatsapp", _("WhatsApp")
        PHONE = "phone", _("phone")
        API = "api", _("API")

    Status = Status

    number = models.CharField(
        _("number"), max_length=32, help_text=_("Prefix, year and sequence, e.g. TQ-2026-000123.")
    )
    number_prefix = models.CharField(_("number prefix"), max_length=8, default=DEFAULT_CASE_PREFIX)
    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.PROTECT, related_name="cases", verbose_name=_("policy")
    )
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("organization"),
    )
    requester = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("requester"),
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    case_type = models.CharField(_("case type"), max_length=32, blank=True)
    severity = models.CharField(_("severity"), max_length=8, blank=True)
    priority = models.CharField(_("priority"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        constraints = [
            # per policy: two policies in one installation may share a prefix
            models.UniqueConstraint(fields=["policy", "number"], name="case_number_unique")
        ]
        indexes = [
            models.Index(fields=["number"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.number
