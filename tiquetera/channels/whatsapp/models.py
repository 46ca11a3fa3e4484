"""What the WhatsApp channel keeps: each webhook delivery (its body is tickets' RawPayload, stored
before anything is parsed), each message a client sent (keyed by its WhatsApp id, so a delivery
Meta repeats makes nothing twice), and each message we send (an outbox row, sent by the worker)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookDelivery(models.Model):
    """One signed POST Meta made to the webhook, waiting for the worker or processed by it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        PROCESSING = "processing", _("processing")
        PROCESSED = "processed", _("processed")
        FAILED = "failed", _("failed")

    raw = models.OneToOneField(
        "tickets.RawPayload",
        on_delete=models.PROTECT,
        related_name="whatsapp_delivery",
        verbose_name=_("raw payload"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a received row is due; while processing, when the claim expires (the worker died).
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    error = models.TextField(_("error"), blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("WhatsApp webhook delivery")
        verbose_name_plural = _("WhatsApp webhook deliveries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"


class InboundMessage(models.Model):
    """One message a client sent us by WhatsApp, and what became of it."""

    class Outcome(models.TextChoices):
        CASE = "case", _("opened a case")
        REPLY = "reply", _("added to a case")
        INQUIRY = "inquiry", _("an inquiry")  # seed 002: advice, not a case (tiquetera/inquiries)
        IGNORED = "ignored", _("ignored")
        FAILED = "failed", _("failed")

    wamid = models.CharField(_("WhatsApp message id"), max_length=255, unique=True)
    delivery = models.ForeignKey(
        WebhookDelivery,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("webhook delivery"),
    )
    wa_id = models.CharField(_("sender's WhatsApp id"), max_length=32)
    phone = models.CharField(_("sender's phone"), max_length=20, help_text=_("E.164."))
    profile_name = models.CharField(_("sender's profile name"), max_length=200, blank=True)
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    kind = models.CharField(_("type"), max_length=32)
    text = models.TextField(_("text"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), help_text=_("When the client sent it."))
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    reason = models.CharField(_("reason code"), max_length=50, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    case = models.ForeignKey(
        "tickets.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    article = models.ForeignKey(
        "tickets.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    created_at = models.DateTimeField(_("processed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("WhatsApp message received")
        verbose_name_plural = _("WhatsApp messages received")
        ordering = ["-sent_at"]
        # the 24-hour customer service window: the contact's latest message
        indexes = [models.Index(fields=["contact", "sent_at"]), models.Index(fields=["phone"])]

    def __str__(self) -> str:
        return f"{self.phone} {self.kind} ({self.outcome})"


class OutboundMessage(models.Model):
    """One text we send to a contact by WhatsApp: queued, then sent by the worker; Meta's status
    webhooks move it on to delivered and read (or failed)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered")
        READ = "read", _("read")
        FAILED = "failed", _("failed")

    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    to = models.CharField(_("to"), max_length=20, help_text=_("E.164."))
    case = models.ForeignKey(
        "tickets.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    article = models.ForeignKey(
        "tickets.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a queued row is due; while sending, when the claim expires (the worker died).
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    wamid = models.CharField(_("WhatsApp message id"), max_length=255, blank=True)
    error_code = models.CharField(_("error code"), max_length=32, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("WhatsApp message sent")
        verbose_name_plural = _("WhatsApp messages sent")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["wamid"], condition=~models.Q(wamid=""), name="whatsapp_outbound_wamid"
            )
        ]

    def __str__(self) -> str:
        return f"→ {self.to} ({self.status})"
