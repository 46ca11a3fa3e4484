"""Inquiries: opened by a WhatsApp message or a logged call that is not about a case (when the
organization's policy says that channel brings inquiries: the `inquiries` of its `channel`
rule), answered by an agent, closed, or turned into a case through the intake pipeline.

An inquiry takes no ticket and starts no case's SLA clock; where the policy sets a first-response
time for inquiries (clock.py) it gets that due time, met by the agent's first answer. Every
change is one audit event.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import record
from tiquetera.channels.phone.models import Call
from tiquetera.channels.whatsapp.models import InboundMessage
from tiquetera.core.errors import DomainError
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Contact, Organization
from tiquetera.tickets.attachments import CheckedFile, check_upload
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.intake.case_policy import channel_rule
from tiquetera.tickets.intake.pipeline import store_raw, submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.models import Case, Channel

from .clock import first_response_due
from .models import Inquiry, InquiryAttachment, InquiryMessage

Actor = AbstractBaseUser | AnonymousUser | None
Direction = InquiryMessage.Direction
Status = Inquiry.Status
SUBJECT_CHARS = 120


class InquiryError(DomainError):
    messages = {
        "not_allowed": _("Only agents answer inquiries."),
        "empty_answer": _("Write the answer."),
        "not_open": _("This inquiry is %(status)s: it takes no more changes."),
        "not_sent": _("The answer was not sent by WhatsApp: %(reason)s"),
        "call_taken": _("This call is already on a case or an inquiry."),
        "already_case": _("This inquiry was already turned into case %(number)s."),
        "already_linked": _("This inquiry is already %(name)s's."),
        "unknown_sender": _(
            "The sender is unknown: link the number to a contact before turning it into a case."
        ),
        "not_inquiries": _(
            "The policy of %(organization)s does not take inquiries by %(channel)s."
        ),
    }


def takes_inquiries(organization: Organization, channel: str) -> bool:
    """Whether the organization's policy makes what `channel` brings, when it is not about a
    case, an inquiry (seed 002: "asesoría e información general")."""
    rule = channel_rule(organization)
    return rule is not None and channel in rule.inquiries


def open_inquiry_of(contact: Contact, channel: str, at: dt.datetime) -> Inquiry | None:
    """The contact's open inquiry by `channel` that moved within the reply window."""
    since = at - dt.timedelta(days=settings.WHATSAPP_REPLY_WINDOW_DAYS)
    return (
        Inquiry.objects.filter(
            contact=contact,
            channel=channel,
            status__in=[Status.OPEN, Status.ANSWERED],
            last_message_at__gte=since,
        )
        .order_by("-last_message_at", "-pk")
        .first()
    )


def client_asked(
    contact: Contact,
    *,
    body: str,
    channel: str,
    sent_at: dt.datetime,
    phone: str = "",
    whatsapp_message: InboundMessage | None = None,
    files: Sequence[tuple[str, bytes]] = (),
) -> tuple[Inquiry, bool]:
    """The client's message as an inquiry: added to their open one by the same channel, else a
    new inquiry (True). Its `files` are checked as a case's attachments are
    (`tickets.attachments.check_upload`) and kept on the message; one refused is named in the
    text with the reason. Audit "inquiry.opened" or "inquiry.client_wrote"."""
    sender = _Sender(contact, contact.name, phone or contact.whatsapp or contact.phone)
    return _asked(sender, body, channel, sent_at, whatsapp_message, files)


def stranger_asked(
    *,
    phone: str,
    name: str,
    body: str,
    sent_at: dt.datetime,
    whatsapp_message: InboundMessage,
    files: Sequence[tuple[str, bytes]] = (),
) -> tuple[Inquiry, bool]:
    """A WhatsApp message from a number no contact has (or several share) as an inquiry from an
    unknown sender — no organization, no contact — so the desk sees it: added to the open one
    from that number within the reply window, else a new one (True). An agent answers it or
    links the number to a contact (`link_to_contact`). Files and audit as `client_asked`."""
    sender = _Sender(None, name or phone, phone)
    return _asked(sender, body, Channel.WHATSAPP, sent_at, whatsapp_message, files)


@dataclass(frozen=True)
class _Sender:
    contact: Contact | None  # None: an unknown sender, known by `phone` only
    name: str
    phone: str


def _asked(
    sender: _Sender,
    body: str,
    channel: str,
    sent_at: dt.datetime,
    whatsapp_message: InboundMessage | None,
    files: Sequence[tuple[str, bytes]],
) -> tuple[Inquiry, bool]:
    checked, refused = _checked(files)
    body = "\n\n".join(part for part in [body, *refused] if part)
    stored: list[InquiryAttachment] = []
    try:
        with transaction.atomic():
            inquiry, created = _inquiry_of(sender, channel, sent_at, body, checked)
            message = InquiryMessage.objects.create(
                inquiry=inquiry,
                direction=Direction.IN,
                body=body,
                sent_at=sent_at,
                whatsapp_message=whatsapp_message,
            )
            for file in checked:
                stored.append(_store_file(message, file))
            verb = "inquiry.opened" if created else "inquiry.client_wrote"
            kept = [{"name": a.name, "size": a.size, "sha256": a.sha256} for a in stored]
            record(
                actor=None,
                verb=verb,
                target=inquiry,
                organization=inquiry.organization,
                after={"files": kept} if kept else None,
            )
    except BaseException:
        for attachment in stored:  # rolled back: the files written go too
            attachment.file.delete(save=False)
        raise
    return inquiry, created


def _inquiry_of(
    sender: _Sender, channel: str, sent_at: dt.datetime, body: str, checked: list[CheckedFile]
) -> tuple[Inquiry, bool]:
    """The sender's open inquiry by `channel` (opened again), else a new one (True)."""
    contact = sender.contact
    if contact is not None:
        inquiry = open_inquiry_of(contact, channel, sent_at)
    else:
        inquiry = _open_inquiry_of_number(sender.phone, sent_at)
    if inquiry is not None:
        Inquiry.objects.filter(pk=inquiry.pk).update(
            status=Status.OPEN, last_message_at=max(sent_at, inquiry.last_message_at)
        )
        inquiry.refresh_from_db()
        return inquiry, False
    organization = contact.organization if contact is not None else None
    inquiry = Inquiry.objects.create(
        organization=organization,
        contact=contact,
        name=sender.name[:200],
        phone=sender.phone[:20],
        channel=channel,
        subject=_subject(body or ", ".join(file.name for file in checked)),
        created_at=sent_at,
        last_message_at=sent_at,
        first_response_due_at=first_response_due(organization, sent_at) if organization else None,
    )
    return inquiry, True


def _open_inquiry_of_number(phone: str, at: dt.datetime) -> Inquiry | None:
    since = at - dt.timedelta(days=settings.WHATSAPP_REPLY_WINDOW_DAYS)
    return (
        Inquiry.objects.filter(
            contact=None,
            organization=None,
            phone=phone,
            channel=Channel.WHATSAPP,
            status__in=[Status.OPEN, Status.ANSWERED],
            last_message_at__gte=since,
        )
        .order_by("-last_message_at", "-pk")
        .first()
    )


def link_to_contact(inquiry: Inquiry, contact: Contact, *, actor: Actor) -> Inquiry:
    """An unknown sender's inquiry given to `contact`: the inquiry takes the contact and their
    organization (and its policy's first-answer time, from when it was received), and the number
    is registered as the contact's WhatsApp number ("contact.updated"), so their next messages
    are theirs. Audit "inquiry.linked". InquiryError "already_linked", "not_open"."""
    from tiquetera.directory.services.shared import assign_and_record

    _check_agent(actor)
    with transaction.atomic():
        inquiry = _locked_open(inquiry)
        if not inquiry.sender_unknown:
            raise InquiryError("already_linked", name=inquiry.name)
        organization = contact.organization
        inquiry.contact, inquiry.organization, inquiry.name = contact, organization, contact.name
        inquiry.first_response_due_at = first_response_due(organization, inquiry.created_at)
        inquiry.save(update_fields=["contact", "organization", "name", "first_response_due_at"])
        if inquiry.phone:
            assign_and_record(
                contact, {"whatsapp": inquiry.phone}, actor=_user(actor), verb="contact.updated"
            )
        record(
            actor=actor,
            verb="inquiry.linked",
            target=inquiry,
            organization=organization,
            after={"contact": contact.pk, "phone": inquiry.phone},
        )
    return inquiry


def _checked(files: Sequence[tuple[str, bytes]]) -> tuple[list[CheckedFile], list[str]]:
    """The files the attachments service takes, and a line naming each it refuses."""
    checked, refused = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except TicketsError as error:
            refused.append(error.message)
    return checked, refused


def _store_file(message: InquiryMessage, checked: CheckedFile) -> InquiryAttachment:
    attachment = InquiryAttachment(
        inquiry_id=message.inquiry_id,
        message=message,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    attachment.file.save(checked.name, ContentFile(checked.content), save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def inquiry_from_call(call: Call, *, actor: Actor) -> Inquiry:
    """A logged call that asked for advice or information, as an inquiry (answered on the call:
    the call's summary is its first message). Audit "inquiry.opened"."""
    _check_agent(actor)
    if call.case_id is not None or Inquiry.objects.filter(call=call).exists():
        raise InquiryError("call_taken")
    if not takes_inquiries(call.organization, Channel.PHONE):
        raise InquiryError(
            "not_inquiries", organization=call.organization.legal_name, channel=_("phone")
        )
    with transaction.atomic():
        inquiry = Inquiry.objects.create(
            organization=call.organization,
            contact=call.contact,
            name=call.caller_name,
            phone=call.number,
            channel=Channel.PHONE,
            subject=_subject(call.summary),
            call=call,
            status=Status.ANSWERED,
            created_at=call.started_at,
            last_message_at=call.started_at,
            first_response_due_at=first_response_due(call.organization, call.started_at),
            first_response_at=call.started_at,  # answered on the call
        )
        InquiryMessage.objects.create(
            inquiry=inquiry,
            direction=Direction.IN,
            body=call.summary,
            author=_user(actor),
            sent_at=call.started_at,
        )
        record(actor=actor, verb="inquiry.opened", target=inquiry, after={"call": call.pk})
    return inquiry


def answer_inquiry(inquiry: Inquiry, *, body: str, actor: Actor) -> InquiryMessage:
    """An agent's answer: sent by WhatsApp when the inquiry came that way — to the contact, or
    to the number of an unknown sender, who opened the conversation — (InquiryError "not_sent",
    nothing kept, when it cannot be), else kept as what was answered. Audit
    "inquiry.answered"."""
    from tiquetera.channels.whatsapp.errors import WhatsAppError
    from tiquetera.channels.whatsapp.services import queue_whatsapp, queue_whatsapp_to_sender

    _check_agent(actor)
    body = body.replace("\x00", "").strip()
    if not body:
        raise InquiryError("empty_answer")
    with transaction.atomic():
        inquiry = _locked_open(inquiry)
        by_whatsapp = inquiry.channel == Channel.WHATSAPP and (
            inquiry.contact is not None or inquiry.sender_unknown
        )
        if by_whatsapp:
            try:
                if inquiry.contact is not None:
                    queue_whatsapp(inquiry.contact, body)
                else:
                    queue_whatsapp_to_sender(inquiry.phone, body)
            except WhatsAppError as error:
                raise InquiryError("not_sent", reason=error.message) from error
        message = InquiryMessage.objects.create(
            inquiry=inquiry,
            direction=Direction.OUT,
            body=body,
            author=_user(actor),
            sent_by_whatsapp=by_whatsapp,
        )
        Inquiry.objects.filter(pk=inquiry.pk).update(
            status=Status.ANSWERED, last_message_at=message.sent_at
        )
        Inquiry.objects.filter(pk=inquiry.pk, first_response_at=None).update(
            first_response_at=message.sent_at
        )
        record(actor=actor, verb="inquiry.answered", target=inquiry, after={"message": message.pk})
    return message


def close_inquiry(inquiry: Inquiry, *, actor: Actor) -> Inquiry:
    """Close an inquiry that needs nothing more. Audit "inquiry.closed"."""
    _check_agent(actor)
    with transaction.atomic():
        inquiry = _locked_open(inquiry)
        inquiry.status = Status.CLOSED
        inquiry.save(update_fields=["status"])
        record(actor=actor, verb="inquiry.closed", target=inquiry)
    return inquiry


def turn_into_case(
    inquiry: Inquiry,
    *,
    subject: str,
    case_type: str = "",
    severity: str = "",
    category: str = "",
    description: str = "",
    fields: Mapping[str, str] | None = None,
    prerequisites_done: Sequence[str] = (),
    requester_phone: str = "",
    channel_justification: str = "",
    actor: Actor,
) -> Case:
    """Open a case from the inquiry through the intake pipeline, with the inquiry's channel and
    the conversation as description unless one is given: the policy's rules decide what the case
    becomes (JQ refuses a case by WhatsApp without a valid justification). The inquiry is linked
    to the case ("inquiry.turned_into_case") and the client told by WhatsApp when it came that way.
    The inquiry's row stays locked from the pipeline to the link, so two agents converting it at
    once make one case: the second waits, then is refused with InquiryError "already_case",
    naming it. The raw payload is kept before, whatever happens."""
    _check_agent(actor)
    inquiry = _locked_open(inquiry)
    if inquiry.organization is None:
        raise InquiryError("unknown_sender")
    request = IntakeRequest(
        channel=inquiry.channel,
        subject=subject,
        description=description or transcript(inquiry),
        organization=inquiry.organization,
        requester=inquiry.contact,
        requester_name=inquiry.name,
        requester_phone=requester_phone or inquiry.phone,
        case_type=case_type,
        severity=severity,
        category=category,
        fields=dict(fields or {}),
        prerequisites_done=list(prerequisites_done),
        channel_justification=channel_justification,
        attachments=_files_of(inquiry),
        actor=actor,
    )
    raw = store_raw(inquiry.channel, _payload(inquiry, request), "application/json")
    with transaction.atomic():
        inquiry = _locked_open(inquiry)  # held until the commit: one case per inquiry
        case = submit(replace(request, raw=raw))
        Inquiry.objects.filter(pk=inquiry.pk).update(status=Status.CASE, case=case)
        inquiry.status, inquiry.case = Status.CASE, case
        record(
            actor=actor,
            verb="inquiry.turned_into_case",
            target=inquiry,
            after={"case": case.number},
        )
        if inquiry.channel == Channel.WHATSAPP and inquiry.contact is not None:
            _tell_by_whatsapp(case, inquiry.contact)
    return case


def _files_of(inquiry: Inquiry) -> list[tuple[str, bytes]]:
    """The inquiry's files, to carry into its case (checked again there, as any channel's)."""
    files = []
    for attachment in inquiry.attachments.order_by("created_at", "pk"):
        try:
            with attachment.file.open("rb") as stored:
                files.append((attachment.name, stored.read()))
        except FileNotFoundError:  # lost from the storage: the case goes without it
            continue
    return files


def transcript(inquiry: Inquiry) -> str:
    """The conversation as text, oldest first: who wrote, when, what."""
    zone = timezone.get_current_timezone()
    lines = []
    for message in inquiry.messages.select_related("author").order_by("sent_at", "pk"):
        if message.direction == Direction.IN:
            who = inquiry.name
        else:
            author = message.author
            who = (author.get_full_name() or author.get_username()) if author else gettext("Agent")
        when = formats.date_format(
            timezone.localtime(message.sent_at, zone), "SHORT_DATETIME_FORMAT"
        )
        lines.append(f"{who} ({when}):\n{message.body}")
    return "\n\n".join(lines)


def _tell_by_whatsapp(case: Case, contact: Contact) -> None:
    from tiquetera.channels.whatsapp.errors import WhatsAppError
    from tiquetera.channels.whatsapp.services import queue_whatsapp

    with translation.override(case.language or settings.LANGUAGE_CODE):
        if case.intake == Case.Intake.ACCEPTED:
            text = gettext("We opened case %(number)s for your inquiry: “%(subject)s”.")
        else:
            text = gettext("Case %(number)s: %(message)s")
        text = text % {
            "number": case.number,
            "subject": case.subject,
            "message": case.intake_message,
        }
    with contextlib.suppress(WhatsAppError):  # the pipeline told them by email where it could
        queue_whatsapp(contact, text, case=case)


def _locked_open(inquiry: Inquiry) -> Inquiry:
    with transaction.atomic():
        # of= the inquiry's row only: PostgreSQL locks no nullable side of an outer join
        locked = Inquiry.objects.select_for_update(of=("self",)).select_related(
            "organization", "contact"
        )
        current = locked.get(pk=inquiry.pk)
    if current.case_id is not None:
        # read apart: on PostgreSQL a row locked after a wait is the new one, but a join in the
        # same statement still sees the case as it was when the statement began (not there)
        number = Case.objects.filter(pk=current.case_id).values_list("number", flat=True).first()
        raise InquiryError("already_case", number=number or "")
    if not current.is_open:
        raise InquiryError("not_open", status=current.get_status_display())
    return current


def _check_agent(actor: Actor) -> None:
    if not is_agent(actor):
        raise InquiryError("not_allowed")


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _subject(body: str) -> str:
    line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    line = line or gettext("Inquiry")
    return line if len(line) <= SUBJECT_CHARS else line[: SUBJECT_CHARS - 1].rstrip() + "…"


def _payload(inquiry: Inquiry, request: IntakeRequest) -> bytes:
    """What the agent entered for the case, as JSON (the raw payload of the case)."""
    document = {
        "inquiry": inquiry.pk,
        "organization": inquiry.organization_id,
        "contact": inquiry.contact_id,
        "subject": request.subject,
        "description": request.description,
        "case_type": request.case_type,
        "severity": request.severity,
        "category": request.category,
        "fields": dict(request.fields),
        "prerequisites_done": list(request.prerequisites_done),
        "channel_justification": request.channel_justification,
        "attachments": [name for name, _content in request.attachments],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
