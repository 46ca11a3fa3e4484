"""Webhook deliveries in: kept first (`accept_webhook`, in the request), processed later by the
worker (`process_due`).

Each message of a delivery is keyed by its WhatsApp id (wamid): a delivery Meta repeats, or one
processed again after a failure half-way, makes nothing twice. The sender's number names the
contact (their WhatsApp number first, then their phone); a message from a number we do not know
(or several contacts share) is an inquiry from an unknown sender, with the reason on it. A
known contact's message is their reply on their latest case that still takes messages and moved
within `WHATSAPP_REPLY_WINDOW_DAYS` days (through `tickets.lifecycle.inbound.client_wrote`),
else a new case through the intake pipeline — unless the policy's channel rule asks otherwise
(seed 002, `_conversation`): an urgency notice naming a case is recorded on it, and a message
not about a case is an inquiry (tiquetera/inquiries). Media is downloaded through the Graph API
and attached. Status updates move our outgoing messages on.

A delivery that fails is kept with its error: retried after a wait when the trouble may pass
(the API unreachable), failed at once when it cannot be read; never retried forever.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tiquetera.audit.services import record
from tiquetera.core.claims import claim_next
from tiquetera.directory.models import Contact
from tiquetera.tickets.attachments import check_upload, max_bytes
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.intake.case_policy import channel_rule
from tiquetera.tickets.intake.pipeline import store_raw, submit
from tiquetera.tickets.intake.request import IntakeError, IntakeRequest
from tiquetera.tickets.lifecycle.inbound import client_wrote
from tiquetera.tickets.models import Case, Channel, RawPayload
from tiquetera.tickets.statuses import FINAL

from .. import graph
from ..errors import WhatsAppError
from ..models import InboundMessage, WebhookDelivery
from ..payloads import MEDIA_TYPES, Message, PayloadError, parse
from .outbound import queue_whatsapp, record_status

logger = logging.getLogger(__name__)

Actor = AbstractBaseUser | AnonymousUser | None
Delivery = WebhookDelivery.Status
Outcome = InboundMessage.Outcome
TEXT_TYPES = ("text", "button", "interactive")
BACKOFF = [dt.timedelta(minutes=1), dt.timedelta(minutes=10), dt.timedelta(hours=1)]
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_TIMEOUT = dt.timedelta(minutes=10)


def accept_webhook(body: bytes) -> WebhookDelivery:
    """Keep a signed webhook body (tickets' raw payload) and queue it for the worker, which
    starts once this commits. The caller has checked the signature."""
    with transaction.atomic():
        raw = store_raw(Channel.WHATSAPP, body, "application/json")
        delivery = WebhookDelivery.objects.create(raw=raw, next_attempt_at=timezone.now())
        transaction.on_commit(_process_soon)
    return delivery


def _process_soon() -> None:
    from ..tasks import process_queued_webhooks  # the tasks module imports this one

    process_queued_webhooks()


def retry_deliveries(
    deliveries: QuerySet[WebhookDelivery], *, actor: Actor
) -> list[WebhookDelivery]:
    """Give failed deliveries a new round of attempts (after their cause was fixed, say the
    API token); one audit event each. Messages already taken in are not taken again."""
    retried = []
    with transaction.atomic():
        for delivery in deliveries.select_for_update().filter(status=Delivery.FAILED):
            delivery.status, delivery.attempts = Delivery.RECEIVED, 0
            delivery.next_attempt_at, delivery.error = timezone.now(), ""
            delivery.save(update_fields=["status", "attempts", "next_attempt_at", "error"])
            record(actor=actor, verb="whatsapp.delivery_retried", target=delivery)
            retried.append(delivery)
        if retried:
            transaction.on_commit(_process_soon)
    return retried


@dataclass(frozen=True)
class ProcessCounts:
    processed: int = 0
    retrying: int = 0
    failed: int = 0


def process_due(now: dt.datetime | None = None, *, batch: int = 20) -> ProcessCounts:
    """Process up to `batch` due deliveries, each claimed by a conditional UPDATE so two workers
    never take the same one. Safe to run as often as you like."""
    now = now or timezone.now()
    _fail_abandoned_last_attempts(now)
    processed = retrying = failed = 0
    while processed + retrying + failed < batch and (delivery := _claim_next(now)):
        outcome = _process(delivery, now)
        processed += outcome == Delivery.PROCESSED
        retrying += outcome == Delivery.RECEIVED
        failed += outcome == Delivery.FAILED
    return ProcessCounts(processed=processed, retrying=retrying, failed=failed)


def _due(now: dt.datetime) -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(
        status__in=[Delivery.RECEIVED, Delivery.PROCESSING], next_attempt_at__lte=now
    )


def _claim_next(now: dt.datetime) -> WebhookDelivery | None:
    pk = claim_next(_due(now), status=Delivery.PROCESSING, lease=CLAIM_TIMEOUT, now=now)
    return None if pk is None else WebhookDelivery.objects.select_related("raw").get(pk=pk)


def _fail_abandoned_last_attempts(now: dt.datetime) -> None:
    _due(now).filter(status=Delivery.PROCESSING, attempts__gte=MAX_ATTEMPTS).update(
        status=Delivery.FAILED, error="The worker stopped while processing the last attempt."
    )


def _process(delivery: WebhookDelivery, now: dt.datetime) -> str:
    """Take in every message and status of `delivery`; the status it ends in."""
    try:
        payload = parse(bytes(delivery.raw.content))
        for message in payload.messages:
            take_message(message, delivery)
        for update in payload.statuses:
            record_status(update)
    except PayloadError as error:
        return _finish(delivery, Delivery.FAILED, f"{type(error).__name__}: {error}")
    except Exception as error:  # whatever went wrong, the delivery must not stay claimed
        logger.exception("WhatsApp webhook delivery %s failed", delivery.pk)
        retryable = not isinstance(error, graph.GraphError) or error.retryable
        if retryable and delivery.attempts < MAX_ATTEMPTS:
            WebhookDelivery.objects.filter(pk=delivery.pk, status=Delivery.PROCESSING).update(
                status=Delivery.RECEIVED,
                next_attempt_at=now + BACKOFF[delivery.attempts - 1],
                error=f"{type(error).__name__}: {error}",
            )
            return Delivery.RECEIVED
        return _finish(delivery, Delivery.FAILED, f"{type(error).__name__}: {error}")
    return _finish(delivery, Delivery.PROCESSED, "")


def _finish(delivery: WebhookDelivery, status: str, error: str) -> str:
    WebhookDelivery.objects.filter(pk=delivery.pk, status=Delivery.PROCESSING).update(
        status=status, error=error, processed_at=timezone.now()
    )
    if error:
        logger.warning("WhatsApp webhook delivery %s failed: %s", delivery.pk, error)
        RawPayload.objects.filter(pk=delivery.raw_id).update(error=error)
    return status


# --- one message ---------------------------------------------------------------------------------
def take_message(message: Message, delivery: WebhookDelivery) -> InboundMessage | None:
    """Take one client message in (see the module's docstring); None when it was taken before.
    Raises GraphError when its media could not be fetched for a reason that may pass."""
    if InboundMessage.objects.filter(wamid=message.id).exists():
        return None
    contact, reason = find_contact(message.wa_id)
    row = InboundMessage(
        wamid=message.id,
        delivery=delivery,
        wa_id=message.wa_id[:32],
        phone=_e164(message.wa_id)[:20],
        profile_name=message.profile_name[:200],
        contact=contact,
        kind=message.kind[:32],
        text=message.text,
        sent_at=message.sent_at,
    )
    language = contact.language if contact else settings.LANGUAGE_CODE
    with translation.override(language or settings.LANGUAGE_CODE):
        if message.kind not in TEXT_TYPES + MEDIA_TYPES:
            detail = _("WhatsApp messages of type “%(type)s” are not taken in.") % {
                "type": message.kind
            }
            return _save(row, Outcome.IGNORED, "unsupported_type", detail)
        files, notes = _media(message)  # before the transaction: no lock held over the network
        body = "\n\n".join(part for part in [message.text.strip(), *notes] if part)
        if contact is None:
            logger.info("WhatsApp message %s from %s: %s", message.id, row.phone, reason)
            return _from_unknown_sender(row, message, body, files, reason)
        return _route(row, contact, message, body, files)


def _save(row: InboundMessage, outcome: str, reason: str, detail: str) -> InboundMessage | None:
    row.outcome, row.reason, row.detail = outcome, reason, detail
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # the wamid: another worker took the same message in meanwhile
        return None
    return row


def _from_unknown_sender(
    row: InboundMessage,
    message: Message,
    body: str,
    files: list[tuple[str, bytes]],
    reason: str,
) -> InboundMessage | None:
    """A number no contact has (or several share): nothing is lost and the desk sees it — an
    inquiry from an unknown sender (`inquiries.services.stranger_asked`), which an agent
    answers or links to a contact. The message keeps the reason; no answer is sent by itself."""
    from tiquetera.inquiries.services import stranger_asked

    with transaction.atomic():
        if _save(row, Outcome.FAILED, "", "") is None:
            return None
        stranger_asked(
            phone=row.phone,
            name=row.profile_name,
            body=body,
            sent_at=message.sent_at,
            whatsapp_message=row,
            files=files,
        )
        row.outcome, row.reason, row.detail = (
            Outcome.INQUIRY,
            reason,
            _unknown_sender_detail(reason),
        )
        row.save()
    return row


def _route(
    row: InboundMessage,
    contact: Contact,
    message: Message,
    body: str,
    files: list[tuple[str, bytes]],
) -> InboundMessage | None:
    """The message as a reply on the contact's open case, or as a new case."""
    with transaction.atomic():
        # saved first, as failed until the case says otherwise: a message taken in twice at
        # once stops here, on its wamid
        if _save(row, Outcome.FAILED, "", "") is None:
            return None
        if not _conversation(row, contact, message, body, files):
            case = open_case_of(contact, message.sent_at)
            if case is not None:
                _reply(row, case, contact, body, files)
            else:
                _open_case(row, contact, message, body, files)
        row.save()
    return row


def _conversation(
    row: InboundMessage,
    contact: Contact,
    message: Message,
    body: str,
    files: list[tuple[str, bytes]],
) -> bool:
    """Seed 002, where the policy's channel rule asks for them: an urgency notice naming a case
    of the sender's organization is recorded on it (`urgent_notice`); with WhatsApp among its
    `inquiries`, a message naming such a case is a reply on it, one that goes on the client's
    latest conversation (an inquiry or a case) joins it, and any other opens an inquiry. False
    when the policy asks for none of this: the message goes the usual way."""
    from tiquetera.inquiries.notices import case_named, says_urgent, urgency_noticed
    from tiquetera.inquiries.services import client_asked, open_inquiry_of

    rule = channel_rule(contact.organization)
    if rule is None:
        return False
    inquiries = Channel.WHATSAPP in rule.inquiries
    named = case_named(contact, body) if (rule.urgent_notice or inquiries) else None
    if named is not None and rule.urgent_notice and says_urgent(body):
        row.article = urgency_noticed(named, contact, body=body, channel=Channel.WHATSAPP)
        row.outcome, row.reason, row.case = Outcome.REPLY, "urgency_notice", named
        _tell(
            contact,
            _("We recorded your urgency notice on case %(number)s.") % {"number": named.number},
            case=named,
        )
        return True
    if not inquiries:
        return False
    if named is not None:
        _reply(row, named, contact, body, files)
        return True
    inquiry = open_inquiry_of(contact, Channel.WHATSAPP, message.sent_at)
    case = open_case_of(contact, message.sent_at)
    if case is not None and (inquiry is None or case.updated_at > inquiry.last_message_at):
        _reply(row, case, contact, body, files)
        return True
    inquiry, created = client_asked(
        contact,
        body=body,
        channel=Channel.WHATSAPP,
        sent_at=message.sent_at,
        phone=row.phone,
        whatsapp_message=row,
        files=files,  # checked and kept as a case's attachments; a refused one is named
    )
    row.outcome, row.reason = Outcome.INQUIRY, ""
    if created:
        _tell(
            contact,
            _(
                "We received your inquiry; an agent will answer you here. To report a case, "
                "use our case form: %(url)s"
            )
            % {"url": settings.SITE_URL + reverse("portal:new_case")},
        )
    return True


def _tell(contact: Contact, text: str, *, case: Case | None = None) -> None:
    """A WhatsApp answer inside the 24-hour window the client just opened, when they accept it."""
    if not contact.whatsapp_opt_in:
        return
    try:
        queue_whatsapp(contact, text, case=case)
    except WhatsAppError as error:
        logger.info("no WhatsApp answer to %s: %s", contact.pk, error)


def _reply(
    row: InboundMessage,
    case: Case,
    contact: Contact,
    body: str,
    files: list[tuple[str, bytes]],
) -> None:
    accepted, refused = [], []
    for name, content in files:  # a file the desk does not take is named, not lost silently
        try:
            check_upload((name, content))
            accepted.append((name, content))
        except TicketsError as error:
            refused.append(error.message)
    text = "\n\n".join(part for part in [body, *refused] if part)
    try:
        with transaction.atomic():
            article = client_wrote(
                case, body=text, contact=contact, channel=Channel.WHATSAPP, attachments=accepted
            )
    except TicketsError as error:
        row.reason, row.detail = error.code, error.message
        return
    row.outcome, row.case, row.article = Outcome.REPLY, case, article


def _open_case(
    row: InboundMessage,
    contact: Contact,
    message: Message,
    body: str,
    files: list[tuple[str, bytes]],
) -> None:
    request = IntakeRequest(
        channel=Channel.WHATSAPP,
        subject="" if body else _("File sent by WhatsApp"),
        description=body,
        organization=contact.organization,
        requester=contact,
        requester_name=contact.name or message.profile_name,
        requester_phone=row.phone,
        attachments=files,
        raw=row.delivery.raw,
        received_at=message.sent_at,
    )
    try:
        with transaction.atomic():
            case = submit(request)
    except IntakeError as error:
        row.reason, row.detail = error.code, error.message
        return
    row.outcome, row.case = Outcome.CASE, case
    _acknowledge(case, contact)


def _acknowledge(case: Case, contact: Contact) -> None:
    """Tell the client by WhatsApp what became of the case they opened there (inside the
    24-hour window they just opened), when they accept WhatsApp messages."""
    if not contact.whatsapp_opt_in:
        return
    with translation.override(case.language or settings.LANGUAGE_CODE):
        if case.intake == Case.Intake.ACCEPTED:
            text = _("We received your case %(number)s: “%(subject)s”. We will answer you here.")
        else:
            text = _("Case %(number)s: %(message)s")
        text = text % {
            "number": case.number,
            "subject": case.subject,
            "message": case.intake_message,
        }
    try:
        queue_whatsapp(contact, text, case=case)
    except WhatsAppError as error:
        logger.info("no WhatsApp acknowledgement for %s: %s", case.number, error)


def open_case_of(contact: Contact, at: dt.datetime) -> Case | None:
    """The contact's case a message sent at `at` belongs to: their latest case that still takes
    messages and moved within the reply window; None when a new case is due."""
    since = at - dt.timedelta(days=settings.WHATSAPP_REPLY_WINDOW_DAYS)
    return (
        Case.objects.filter(requester=contact, updated_at__gte=since)
        .exclude(status__in=FINAL)
        .order_by("-updated_at", "-pk")
        .first()
    )


def _media(message: Message) -> tuple[list[tuple[str, bytes]], list[str]]:
    """The message's file, downloaded through the Graph API, and a note for one that cannot be
    fetched for good (too big, gone). GraphError for trouble that may pass."""
    if message.media is None or not message.media.id:
        return [], []
    try:
        download = graph.download_media(
            message.media.id, filename=message.media.filename, limit=max_bytes()
        )
    except graph.GraphError as error:
        if error.retryable:
            raise
        logger.warning("WhatsApp media %s not downloaded: %s", message.media.id, error)
        note = _("A file sent by WhatsApp could not be downloaded (%(error)s).")
        return [], [note % {"error": error}]
    return [(download.name, download.content)], []


# --- who wrote ----------------------------------------------------------------------------------
def find_contact(wa_id: str) -> tuple[Contact | None, str]:
    """The active contact whose WhatsApp number (else phone) is the sender's, and "" — or None
    and "unknown_number", or "ambiguous_number" when several contacts share it."""
    numbers = _candidates(wa_id)
    contacts = Contact.objects.filter(is_active=True, organization__is_active=True)
    for column in ("whatsapp", "phone"):
        found = list(
            contacts.filter(**{f"{column}__in": numbers}).select_related("organization")[:2]
        )
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, "ambiguous_number"
    return None, "unknown_number"


def _e164(wa_id: str) -> str:
    return "+" + "".join(char for char in wa_id if char.isdigit())


def _candidates(wa_id: str) -> list[str]:
    """The sender's number in E.164, and the form it is registered under when WhatsApp's id
    differs: Mexican mobiles come as 521 + 10 digits, while E.164 has no "1" since 2019."""
    number = _e164(wa_id)
    if number.startswith("+521") and len(number) == 14:
        return [number, "+52" + number[4:]]
    return [number]


def _unknown_sender_detail(reason: str) -> str:
    if reason == "ambiguous_number":
        return _(
            "Several contacts have this number: kept as an inquiry from an unknown sender; "
            "register it on only one of them."
        )
    return _(
        "No active contact has this number: kept as an inquiry from an unknown sender; link "
        "it to the contact on the desk."
    )
