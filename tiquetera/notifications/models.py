"""The outbox: every email Tiquetera sends is first a row here, written in the same transaction
as the change it tells about, and sent later by the worker (`services.send_due`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One email to one recipient, rendered in the recipient's language when it was queued."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=64)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255)
    text_body = models.TextField(_("text body"))
    html_body = models.TextField(_("HTML body"), blank=True)
    # Message-ID (set at queue time), and In-Reply-To/References when it answers another email.
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("organization"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a pending row is due; while sending, when the claim expires (the worker died).
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}"

    @property
    def message_id(self) -> str:
        return str(self.headers.get("Message-ID", ""))


class ThreadMessage(models.Model):
    """One Message-ID in a case's email thread: an outbox email about the case, or a client's
    email that opened or answered it. The case's first one is the thread's root; an inbound
    email whose In-Reply-To or References name one of these belongs to that case."""

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    case = models.ForeignKey(
        "tickets.Case",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("case"),
    )
    inbound = models.BooleanField(_("from the client"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("email thread message")
        verbose_name_plural = _("email thread messages")

    def __str__(self) -> str:
        return self.message_id
