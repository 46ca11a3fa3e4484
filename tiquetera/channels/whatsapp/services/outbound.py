"""Messages we send by WhatsApp: queued as outbox rows in the caller's transaction, sent by the
worker through the Graph API (`send_due`), moved on by Meta's status webhooks (`record_status`).

Only contacts who accepted WhatsApp get messages. WhatsApp lets a business write freely only
within 24 hours of the client's last message (the customer service window); outside it only
approved templates may be sent, which Tiquetera does not send: such a message is marked failed
with that reason, and the case gets an event saying the client was not reached.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tiquetera.core.claims import claim_next
from tiquetera.directory.models import Contact
from tiquetera.tickets.articles import add_event
from tiquetera.tickets.models import Article, Case, Channel

from .. import graph
from ..errors import WhatsAppError
from ..models import InboundMessage, OutboundMessage
from ..payloads import StatusUpdate

logger = logging.getLogger(__name__)

Status = OutboundMessage.Status
MAX_TEXT_CHARS = 4096  # WhatsApp's limit for a text message's body
SERVICE_WINDOW = dt.timedelta(hours=24)
# Waits after the 1st, 2nd, … failed attempt; the attempt after the last wait is the last one.
BACKOFF = [dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30)]
MAX_ATTEMPTS = len(BACKOFF) + 1
CLAIM_TIMEOUT = dt.timedelta(minutes=5)  # a row claimed longer ago was left by a dead worker
# How far a status webhook moves a message; never back (Meta may send them out of order).
PROGRESS = {Status.SENT: 1, Status.DELIVERED: 2, Status.READ: 3}
TIMESTAMPS = {Status.SENT: "sent_at", Status.DELIVERED: "delivered_at", Status.READ: "read_at"}


def queue_whatsapp(
    contact: Contact,
    text: str,
    *,
    case: Case | None = None,
    article: Article | None = None,
) -> OutboundMessage:
    """Queue `text` to `contact`'s WhatsApp (their WhatsApp number, else their phone), due now.

    Call it inside the transaction that makes the change the message tells about: a rollback
    sends nothing; after the commit the worker sends it (see `send_due`). A text longer than
    WhatsApp takes is cut. WhatsAppError "not_opted_in", "no_number", "empty_text" or
    "not_configured", nothing queued."""
    if not (settings.WHATSAPP_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID):
        raise WhatsAppError("not_configured")
    if not contact.whatsapp_opt_in or not contact.is_active:
        raise WhatsAppError("not_opted_in", contact=contact.name)
    number = contact.whatsapp or contact.phone
    if not number:
        raise WhatsAppError("no_number", contact=contact.name)
    return _queue(text, contact=contact, to=number, case=case, article=article)


def queue_whatsapp_to_sender(number: str, text: str) -> OutboundMessage:
    """Queue an agent's answer to a number no contact has that wrote us (an inquiry from an
    unknown sender): an answer in the conversation they opened, so no opt-in is asked, and
    like every message it is sent only inside the 24-hour window of their last message.
    WhatsAppError "no_number", "empty_text" or "not_configured", nothing queued."""
    if not (settings.WHATSAPP_TOKEN and settings.WHATSAPP_PHONE_NUMBER_ID):
        raise WhatsAppError("not_configured")
    if not number:
        raise WhatsAppError("no_number", contact=number)
    return _queue(text, contact=None, to=number)


def _queue(
    text: str,
    *,
    contact: Contact | None,
    to: str,
    case: Case | None = None,
    article: Article | None = None,
) -> OutboundMessage:
    text = text.replace("\x00", "").strip()
    if not text:
        raise WhatsAppError("empty_text")
    if len(text) > MAX_TEXT_CHARS:
        text = text[: MAX_TEXT_CHARS - 1].rstrip() + "…"
    message = OutboundMessage.objects.create(
        contact=contact,
        to=to,
        case=case,
        article=article,
        text=text,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(_send_soon)
    return message


def send_agent_reply(article: Article) -> OutboundMessage | None:
    """Send an agent's public reply on a WhatsApp case to the requester by WhatsApp.

    For the desk to call inside the transaction that wrote the reply (as `notify_requester` is):
    does nothing (None) for notes, events, clients' replies and cases of other channels. When the
    requester cannot get WhatsApp messages (no opt-in, no number) nothing is queued and the case
    gets an event saying so, so the agent is not left believing the client was reached. The text
    starts with the case number; attachments are named, not sent."""
    case = article.case
    by_agent = article.kind == Article.Kind.REPLY and article.author_contact_id is None
    if not by_agent or case.channel != Channel.WHATSAPP:
        return None
    contact = case.requester
    with translation.override(case.language or settings.LANGUAGE_CODE):
        text = _reply_text(case, article)
    try:
        if contact is None:
            raise WhatsAppError("no_number", contact=case.requester_name or "—")
        return queue_whatsapp(contact, text, case=case, article=article)
    except WhatsAppError as error:
        with translation.override(settings.LANGUAGE_CODE):
            add_event(
                case,
                text=_("This reply was not sent by WhatsApp: %(reason)s") % {"reason": error},
            )
        return None


def _reply_text(case: Case, article: Article) -> str:
    parts = [f"*{case.number}*", article.body_text]
    names = [attachment.name for attachment in article.attachments.all()]
    if names:
        parts.append(
            _("Attached files, on the case in the portal: %(names)s") % {"names": ", ".join(names)}
        )
    return "\n\n".join(part for part in parts if part)


def _send_soon() -> None:
    from ..tasks import send_queued_whatsapp  # the tasks module imports this one

    send_queued_whatsapp()


@dataclass(frozen=True)
class SendCounts:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def send_due(now: dt.datetime | None = None, *, batch: int = 50) -> SendCounts:
    """Send up to `batch` due messages: queued ones whose time has come, and ones a dead worker
    left in "sending" for longer than `CLAIM_TIMEOUT`.

    Each row is claimed with a conditional UPDATE, so two workers never send it twice. A message
    outside the 24-hour window is failed without calling the API. A refusal by the API (a bad
    number, the window) fails it at once, keeping Meta's code and message; trouble that may pass
    (network, 5xx, throttling) puts it back after a growing wait (`BACKOFF`), and after
    `MAX_ATTEMPTS` attempts it is failed. Each failure on a case adds an event to the case."""
    now = now or timezone.now()
    _fail_abandoned_last_attempts(now)
    sent = retrying = failed = 0
    while sent + retrying + failed < batch and (message := _claim_next(now)):
        if not _window_open(message, now):
            with translation.override(settings.LANGUAGE_CODE):
                reason = _(
                    "more than 24 hours have passed since the contact last wrote by WhatsApp, "
                    "and outside that window WhatsApp only takes approved templates"
                )
            _fail(message, "outside_window", reason)
            failed += 1
            continue
        try:
            wamid = graph.send_text(message.to, message.text)
        except graph.GraphError as error:
            logger.warning(
                "WhatsApp message %s to %s not sent (attempt %s): %s",
                message.pk,
                message.to,
                message.attempts,
                error,
            )
            if error.retryable and message.attempts < MAX_ATTEMPTS:
                OutboundMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
                    status=Status.QUEUED,
                    next_attempt_at=now + BACKOFF[message.attempts - 1],
                    error_code=error.code,
                    last_error=str(error),
                )
                retrying += 1
            else:
                _fail(message, error.code, str(error))
                failed += 1
        else:
            OutboundMessage.objects.filter(pk=message.pk, status=Status.SENDING).update(
                status=Status.SENT,
                wamid=wamid,
                sent_at=timezone.now(),
                error_code="",
                last_error="",
            )
            sent += 1
    return SendCounts(sent=sent, retrying=retrying, failed=failed)


def _due(now: dt.datetime) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.filter(
        status__in=[Status.QUEUED, Status.SENDING], next_attempt_at__lte=now
    )


def _claim_next(now: dt.datetime) -> OutboundMessage | None:
    pk = claim_next(_due(now), status=Status.SENDING, lease=CLAIM_TIMEOUT, now=now)
    return None if pk is None else OutboundMessage.objects.select_related("case").get(pk=pk)


def _fail_abandoned_last_attempts(now: dt.datetime) -> None:
    """A dead worker's claim on a row's last attempt: failed, not one attempt more."""
    _due(now).filter(status=Status.SENDING, attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="The worker stopped while sending the last attempt."
    )


def _window_open(message: OutboundMessage, now: dt.datetime) -> bool:
    """Whether the contact wrote us by WhatsApp in the last 24 hours."""
    by_them = Q(phone=message.to)
    if message.contact_id is not None:
        by_them |= Q(contact_id=message.contact_id)
    last = InboundMessage.objects.filter(by_them).aggregate(last=Max("sent_at"))["last"]
    return last is not None and now - last < SERVICE_WINDOW


def _fail(message: OutboundMessage, code: str, reason: str) -> None:
    """Mark `message` failed and tell the agents on its case."""
    logger.warning("WhatsApp message %s to %s failed: %s", message.pk, message.to, reason)
    with transaction.atomic():
        changed = OutboundMessage.objects.filter(
            pk=message.pk, status__in=[Status.SENDING, *PROGRESS]
        ).update(status=Status.FAILED, error_code=code, last_error=reason)
        if changed:
            _tell_agents(message, reason)


def _tell_agents(message: OutboundMessage, reason: str) -> None:
    if message.case is None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        add_event(
            message.case,
            text=_("The WhatsApp message to %(to)s was not delivered: %(reason)s")
            % {"to": message.to, "reason": reason},
        )


def record_status(update: StatusUpdate) -> OutboundMessage | None:
    """Record what Meta says became of a message we sent (sent, delivered, read, failed). A
    status never moves a message back (webhooks may come out of order); a failure is kept with
    Meta's code and reason and told on the case. None for a message we did not send."""
    message = OutboundMessage.objects.select_related("case").filter(wamid=update.id).first()
    if message is None:
        return None
    if update.status == Status.FAILED:
        reason = update.error or update.error_code or "failed"
        _fail(message, update.error_code, reason)
    elif update.status in PROGRESS:
        target = Status(update.status)
        earlier = [status for status, rank in PROGRESS.items() if rank < PROGRESS[target]]
        rows = OutboundMessage.objects.filter(pk=message.pk)
        rows.filter(**{f"{TIMESTAMPS[target]}__isnull": True}).update(
            **{TIMESTAMPS[target]: update.at}
        )
        rows.filter(status__in=[Status.SENDING, *earlier]).update(status=target)
    message.refresh_from_db()
    return message
