"""Taking inbound emails in: store first (`store_message`), then process (`process_email`).

Nothing a client sends is lost or taken twice, even when the worker is killed at any point:
the raw bytes are stored in their own transaction, keyed by Message-ID (a second copy finds
the first); processing writes the case or the reply and marks the email processed in one
transaction, so a crash leaves it "received" and the next run processes it again. Each try
counts; after `InboundEmail.MAX_ATTEMPTS` the email stays failed with its error, for an agent
to look at in the admin (and retry there).
"""

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tiquetera.audit.services import record
from tiquetera.directory.models import Contact
from tiquetera.notifications import threads
from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import queue_email
from tiquetera.tickets.articles import add_event
from tiquetera.tickets.attachments import check_upload
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.intake.pipeline import store_raw, submit
from tiquetera.tickets.intake.request import DESCRIPTION_MAX, IntakeError, IntakeRequest
from tiquetera.tickets.lifecycle.inbound import accepts_messages, client_wrote
from tiquetera.tickets.models import Article, Case

from .mailboxes import configured_mailboxes
from .models import InboundEmail
from .parsing import (
    ParsedEmail,
    UnreadableEmail,
    base_subject,
    case_numbers,
    is_robot_address,
    parse,
    peek,
    strip_quoted,
)
from .senders import hold, holds_unverified, judge_sender

logger = logging.getLogger(__name__)

Actor = AbstractBaseUser | AnonymousUser | None
Status, Reason = InboundEmail.Status, InboundEmail.Reason
UNKNOWN_SENDER_NOTICE = "mail_unknown_sender"
# At most one notice to an address in this time, so we never loop with another robot.
NOTICE_INTERVAL = dt.timedelta(hours=24)


def store_message(raw: bytes, *, mailbox: str) -> tuple[InboundEmail, bool]:
    """Keep `raw` (an RFC 822 message) before anything else, committed on its own: the stored
    row and True, or the row of an earlier copy (same Message-ID, or same bytes when it has
    none) and False."""
    key, sender, subject = peek(raw)
    earlier = InboundEmail.objects.filter(message_id=key).first()
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            payload = store_raw("email", raw, "message/rfc822")
            stored = InboundEmail.objects.create(
                mailbox=mailbox[:255], message_id=key, raw=payload, sender=sender, subject=subject
            )
    except IntegrityError:  # another worker stored the same message a moment ago
        return InboundEmail.objects.get(message_id=key), False
    return stored, True


def process_pending(*, actor: Actor = None, batch: int = 100) -> int:
    """Process stored emails still waiting (new ones, and ones a crash or an error left); the
    number processed. An email whose last try was cut short by a crash is failed."""
    InboundEmail.objects.filter(
        status=Status.RECEIVED, attempts__gte=InboundEmail.MAX_ATTEMPTS
    ).update(status=Status.FAILED, reason=Reason.ERROR, error=_stopped_message())
    pending = InboundEmail.objects.filter(status=Status.RECEIVED).order_by("pk")[:batch]
    done = 0
    for inbound in pending:
        process_email(inbound, actor=actor)
        done += 1
    return done


def process_email(inbound: InboundEmail, *, actor: Actor = None) -> InboundEmail:
    """Take one stored email in: a reply on its case (held for an agent when its sender is not
    verified: senders.py), a new case, or ignored (a robot, an unknown sender, our own
    address). Idempotent: an email already processed, ignored or failed is left as it is. A
    failure is recorded on the row and tried again on the next run, up to
    `InboundEmail.MAX_ATTEMPTS` tries."""
    claimed = InboundEmail.objects.filter(
        pk=inbound.pk, status=Status.RECEIVED, attempts__lt=InboundEmail.MAX_ATTEMPTS
    ).update(attempts=F("attempts") + 1)
    if not claimed:
        inbound.refresh_from_db()
        return inbound
    try:
        with transaction.atomic():
            locked = (
                InboundEmail.objects.select_for_update().select_related("raw").get(pk=inbound.pk)
            )
            if locked.status == Status.RECEIVED:
                locked.error = ""
                _take_in(locked, actor=actor)
                locked.processed_at = timezone.now()
                locked.save()
    except UnreadableEmail as error:  # the same bytes will never read better: no retries
        _failed(inbound, Reason.UNREADABLE, str(error), final=True)
    except Exception as error:  # whatever broke, the email stays stored with the reason
        logger.exception("email %s (%s) not processed", inbound.pk, inbound.message_id)
        _failed(inbound, Reason.ERROR, f"{type(error).__name__}: {error}", final=False)
    inbound.refresh_from_db()
    return inbound


def retry_email(inbound: InboundEmail, *, actor: Actor) -> InboundEmail:
    """An agent asks for a failed email to be processed again, with its tries counted anew."""
    with transaction.atomic():
        InboundEmail.objects.filter(pk=inbound.pk, status=Status.FAILED).update(
            status=Status.RECEIVED, attempts=0, reason=""
        )
        record(actor=actor, verb="email.retried", target=inbound)
    return process_email(inbound, actor=actor)


# --- taking one email in ------------------------------------------------------------------------
def _take_in(inbound: InboundEmail, *, actor: Actor) -> None:
    parsed = parse(bytes(inbound.raw.content))
    inbound.sender, inbound.subject = parsed.sender[:254], parsed.subject[:255]
    check = judge_sender(inbound, parsed)
    if parsed.automatic:
        inbound.status, inbound.reason = Status.IGNORED, parsed.automatic
        return
    if _is_ours(parsed.sender):
        inbound.status, inbound.reason = Status.IGNORED, Reason.OWN_ADDRESS
        return
    found = _thread(parsed)
    if found is not None:
        case, contact = found
        if holds_unverified(check, case):  # an agent accepts it on the case page, or not
            hold(inbound, case, actor=actor)
            return
        inbound.case, inbound.article = case, _reply(case, contact, parsed, actor=actor)
        inbound.status, inbound.reason = Status.PROCESSED, Reason.REPLY
        threads.record(case, parsed.message_id, inbound=True)
        return
    try:
        with threads.answering(parsed.message_id):
            unverified = check.status == InboundEmail.SenderCheck.UNVERIFIED
            case = submit(_intake_request(inbound, parsed, sender_unverified=unverified))
    except IntakeError as error:
        if error.code != "unknown_requester":
            raise
        inbound.status, inbound.reason = Status.IGNORED, Reason.UNKNOWN_SENDER
        inbound.error = str(error.message)
        _tell_unknown_sender(parsed)
        return
    threads.record(case, parsed.message_id, inbound=True)
    inbound.case, inbound.status, inbound.reason = case, Status.PROCESSED, Reason.NEW_CASE


def _thread(parsed: ParsedEmail) -> tuple[Case, Contact] | None:
    """The open case this email answers, and the sender as a contact of its organization.

    A forward is never a reply. A case found by In-Reply-To/References counts when the subject
    still names it (its number, or its subject with "RE:" before it: a new subject is a new
    case); a case number in the subject counts by itself. Either way the sender must be an
    active contact of the case's organization, and the case must still take messages."""
    if parsed.is_forward:
        return None
    numbers = case_numbers(parsed.subject)
    subject = base_subject(parsed.subject)
    by_headers = [
        case
        for case in threads.cases_named([*parsed.references, *parsed.in_reply_to])
        if case.number in numbers or base_subject(case.subject) == subject
    ]
    by_number = list(Case.objects.filter(number__in=numbers).order_by("-pk")) if numbers else []
    by_number.sort(key=lambda case: numbers.index(case.number))
    for case in [*by_headers, *by_number]:
        if not accepts_messages(case):
            continue
        contact = (
            Contact.objects.filter(
                organization_id=case.organization_id, is_active=True, email__iexact=parsed.sender
            )
            .order_by("pk")
            .first()
        )
        if contact is not None:
            return case, contact
    return None


def _reply(case: Case, contact: Contact, parsed: ParsedEmail, *, actor: Actor) -> Article:
    """The client's reply on `case`: the new text without the quoted history, the files the
    attachments service takes; a refused file is told on the case as a system event."""
    kept, refused = [], []
    for upload in parsed.attachments:
        try:
            check_upload(upload)
        except TicketsError as error:
            refused.append(str(error.message))
        else:
            kept.append(upload)
    with translation.override(case.language or settings.LANGUAGE_CODE):
        body = strip_quoted(parsed.text)[:DESCRIPTION_MAX]
        if not body and not kept:
            body = _("(The email had no text.)")
        article = client_wrote(
            case, body=body, contact=contact, channel="email", attachments=kept, actor=actor
        )
        if refused:
            text = _("Files of the email from %(sender)s not kept:") % {"sender": parsed.sender}
            add_event(case, text="\n".join([text, *refused]), actor=actor)
    return article


def _intake_request(
    inbound: InboundEmail, parsed: ParsedEmail, *, sender_unverified: bool = False
) -> IntakeRequest:
    subject = parsed.subject
    if not subject and not parsed.text:
        subject = _("Email from %(sender)s") % {"sender": parsed.sender}
    return IntakeRequest(
        channel="email",
        subject=subject,
        description=parsed.text[:DESCRIPTION_MAX],
        requester_email=parsed.sender,
        requester_name=parsed.sender_name,
        attachments=parsed.attachments,
        raw=inbound.raw,
        received_at=sent_or_received(parsed.sent_at, inbound.received_at),
        sender_unverified=sender_unverified,
    )


# How far a sender's clock may be off and still be believed: a Date later than our reception by
# more than this, or older by more than the other, is not when the client wrote.
CLOCK_SKEW = dt.timedelta(minutes=10)
OLDEST_SENT = dt.timedelta(days=3)


def sent_or_received(sent_at: dt.datetime | None, received_at: dt.datetime) -> dt.datetime:
    """When the client sent the email (its Date header: seed 000 bills out-of-hours work by when
    the client asked, not when the mailbox was read), unless the Date is implausible — then
    when we received it."""
    if sent_at is None or not received_at - OLDEST_SENT <= sent_at <= received_at + CLOCK_SKEW:
        return received_at
    return min(sent_at, received_at)


def _tell_unknown_sender(parsed: ParsedEmail) -> None:
    """Answer an unknown sender once in `NOTICE_INTERVAL` at most, never a robot's address."""
    if is_robot_address(parsed.sender):
        return
    recently = timezone.now() - NOTICE_INTERVAL
    if Notification.objects.filter(
        kind=UNKNOWN_SENDER_NOTICE, to__iexact=parsed.sender, created_at__gte=recently
    ).exists():
        return
    headers = {"Auto-Submitted": "auto-replied"}  # RFC 3834: robots must not answer it
    if not parsed.message_id.startswith("sha256:"):
        headers.update({"In-Reply-To": parsed.message_id, "References": parsed.message_id})
    queue_email(
        UNKNOWN_SENDER_NOTICE,
        to=parsed.sender,
        context={"subject": parsed.subject, "sender": parsed.sender},
        language=settings.LANGUAGE_CODE,
        headers=headers,
    )


def _is_ours(sender: str) -> bool:
    ours = {settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL}
    ours |= {mailbox.user for mailbox in configured_mailboxes()}
    address = sender.strip().lower()
    return any(address == own.strip().lower() or f"<{address}>" in own.lower() for own in ours)


def _failed(inbound: InboundEmail, reason: str, error: str, *, final: bool) -> None:
    rows = InboundEmail.objects.filter(pk=inbound.pk, status=Status.RECEIVED)
    if final:
        rows.update(status=Status.FAILED, reason=reason, error=error)
        return
    rows.filter(attempts__gte=InboundEmail.MAX_ATTEMPTS).update(
        status=Status.FAILED, reason=reason, error=error
    )
    rows.update(reason=reason, error=error)  # still received: tried again on the next run


def _stopped_message() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("The worker stopped while processing this email, on its last try.")
