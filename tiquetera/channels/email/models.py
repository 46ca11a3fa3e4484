"""Email channel models: every message fetched from a mailbox, kept before it is processed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InboundEmail(models.Model):
    """One message fetched from an IMAP mailbox. Its raw bytes are stored (a tickets.RawPayload)
    in their own transaction before anything is parsed, keyed by Message-ID so a second copy is
    recognised; processing then makes a case or a reply and marks it processed in one
    transaction, or leaves it failed with the error after `MAX_ATTEMPTS` tries."""

    MAX_ATTEMPTS = 3

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")  # stored, not processed yet
        PROCESSED = "processed", _("processed")  # a case or a reply was written
        IGNORED = "ignored", _("ignored")  # an auto-reply, a bounce, an unknown sender …
        FAILED = "failed", _("failed")  # could not be processed: see the error
        HELD = "held", _("held for an agent")  # a reply from an unverified sender

    class Reason(models.TextChoices):
        NEW_CASE = "new_case", _("opened a case")
        REPLY = "reply", _("a reply on a case")
        AUTO_REPLY = "auto_reply", _("an automatic reply")
        BOUNCE = "bounce", _("a delivery failure report")
        UNKNOWN_SENDER = "unknown_sender", _("an unknown sender")
        OWN_ADDRESS = "own_address", _("sent from our own address")
        UNREADABLE = "unreadable", _("cannot be read")
        ERROR = "error", _("an error")
        UNVERIFIED_SENDER = "unverified", _("a reply from an unverified sender")
        DISCARDED = "discarded", _("discarded by an agent")

    class SenderCheck(models.TextChoices):
        """What the receiving server's Authentication-Results say of the From
        (authentication.py)."""

        VERIFIED = "verified", _("sender verified")
        UNVERIFIED = "unverified", _("sender not verified")
        UNCHECKED = "unchecked", _("sender not checked")

    mailbox = models.CharField(_("mailbox"), max_length=255)
    # The Message-ID header ("<…>"), or "sha256:" and the digest of the bytes when there is none.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    raw = models.OneToOneField(
        "tickets.RawPayload",
        on_delete=models.PROTECT,
        related_name="email",
        verbose_name=_("raw message"),
    )
    sender = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
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
    sender_check = models.CharField(
        _("sender check"), max_length=16, choices=SenderCheck.choices, blank=True
    )
    # the method that verified the sender (dmarc, dkim, spf) or that failed, and its result
    # ("fail", "softfail", "none", …; "unaligned": it passed for another domain; "missing": no
    # trusted Authentication-Results): shown in words by `checks.sender_check_text`
    sender_check_method = models.CharField(_("checked by"), max_length=16, blank=True)
    sender_check_result = models.CharField(_("check result"), max_length=16, blank=True)
    # why an agent discarded a held reply
    decision_note = models.TextField(_("agent's note"), blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbound email")
        verbose_name_plural = _("inbound emails")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["status", "attempts"])]

    def __str__(self) -> str:
        return f"{self.sender} {self.subject}".strip() or self.message_id
