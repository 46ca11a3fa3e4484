"""Inquiries (seed 002, "asesoría e información general"): a light conversation with a client
by WhatsApp or phone that is not a case. It takes no ticket and runs no SLA clock (only a
first-answer due time where the policy sets one, clock.py); an agent answers it (by WhatsApp
when it came that way) and may turn it into a case through the intake pipeline, which decides
what the case becomes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tiquetera.tickets.models import Channel


class Inquiry(models.Model):
    """One conversation with a client that is not a case."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for an answer")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", pgettext_lazy("an inquiry", "closed")  # "cerrada", not a case's
        CASE = "case", _("turned into a case")

    # None: a WhatsApp number no contact has (or several share), kept until an agent links it
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("organization"),
    )
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("contact"),
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text=_("E.164."))
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices
    )  # whatsapp, phone
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    case = models.ForeignKey(
        "tickets.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
        verbose_name=_("case"),
    )
    call = models.OneToOneField(
        "phone.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiry",
        verbose_name=_("call"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    # the policy's first-response time for inquiries, when it sets one (clock.py)
    first_response_due_at = models.DateTimeField(_("first answer due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-last_message_at"], name="inquiry_status_recent"),
            models.Index(fields=["contact", "status"], name="inquiry_contact_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.ANSWERED)

    @property
    def sender_unknown(self) -> bool:
        """A WhatsApp number no contact has (or several share): no organization yet."""
        return self.organization_id is None

    @property
    def time_zone(self) -> str:
        """The zone its times are shown in: its organization's, else the desk's."""
        return self.organization.time_zone if self.organization else settings.TIME_ZONE

    @property
    def response_state(self) -> str:
        """The first answer against its due time: "" (no clock), "due", "late" (not answered
        and past due), "met" or "met_late" (answered after it was due)."""
        due, answered = self.first_response_due_at, self.first_response_at
        if due is None:
            return ""
        if answered is not None:
            return "met" if answered <= due else "met_late"
        if not self.is_open:
            return ""  # closed or turned into a case unanswered: nothing is due any more
        return "late" if timezone.now() > due else "due"


class InquiryMessage(models.Model):
    """One message of an inquiry: the client's, or an agent's answer."""

    class Direction(models.TextChoices):
        IN = "in", _("from the client")
        OUT = "out", _("from an agent")

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="messages", verbose_name=_("inquiry")
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    sent_by_whatsapp = models.BooleanField(_("sent by WhatsApp"), default=False)
    whatsapp_message = models.ForeignKey(
        "whatsapp.InboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("WhatsApp message received"),
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("inquiry message")
        verbose_name_plural = _("inquiry messages")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.inquiry_id} {self.direction}"


def inquiry_file_path(instance: "InquiryAttachment", filename: str) -> str:
    """A generated name, as a case's attachments have (tickets.models.attachment_path)."""
    return f"inquiries/{instance.inquiry_id}/{uuid.uuid4().hex}"


class InquiryAttachment(models.Model):
    """A file the client sent with an inquiry (a WhatsApp image or document), checked and stored
    as a case's attachments are (tickets.attachments) and served only to agents; carried into
    the case when the inquiry becomes one."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("inquiry")
    )
    message = models.ForeignKey(
        InquiryMessage,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(_("file"), upload_to=inquiry_file_path, max_length=200)
    name = models.CharField(_("name"), max_length=150, help_text=_("As uploaded, made safe."))
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inquiry attachment")
        verbose_name_plural = _("inquiry attachments")
        ordering = ["inquiry", "created_at", "pk"]

    def __str__(self) -> str:
        return self.name
