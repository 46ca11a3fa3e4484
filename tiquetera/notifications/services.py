"""Queue emails in the caller's transaction, and send the due ones (the worker's sweep).

Each kind of email is a folder of templates, `templates/notifications/<kind>/`: `subject.txt`,
`body.txt` and, when there is one, `body.html`. They are rendered in the recipient's language
when the email is queued, so the row holds exactly what will be sent.
"""

import contextlib
import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import make_msgid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks, urlize

from tiquetera.core.claims import claim_next
from tiquetera.core.queries import holding, insert_models
from tiquetera.directory.models import Organization

from . import threads
from .models import Notification

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, … failed attempt; the attempt after the last wait is the last one.
BACKOFF = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
]
MAX_ATTEMPTS = len(BACKOFF) + 1
# A row claimed longer ago than this was left by a worker that died: it is due again.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
SEND_TIMEOUT_SECONDS = 30  # when EMAIL_TIMEOUT is not set: a hung server must not outlive a claim

Status = Notification.Status


@dataclass(frozen=True)
class RenderedEmail:
    """An email's texts, rendered apart from storing them (`render_email`)."""

    subject: str
    text_body: str
    html_body: str


def render_email(kind: str, context: Mapping[str, Any], language: str) -> RenderedEmail:
    """The `kind` email's subject and bodies in `language`, nothing stored: a caller may render
    before its transaction and queue the result inside it (`queue_email(rendered=…)`)."""
    with translation.override(language):
        subject: str = render_to_string(f"notifications/{kind}/subject.txt", dict(context))
        text_body = render_to_string(f"notifications/{kind}/body.txt", dict(context))
        html_body: str
        try:
            html_body = render_to_string(f"notifications/{kind}/body.html", dict(context))
        except TemplateDoesNotExist:
            html_body = text_to_html(text_body)
    return RenderedEmail(" ".join(subject.split()), text_body, html_body)


def queue_email(
    kind: str,
    *,
    to: str,
    context: Mapping[str, Any],
    language: str,
    organization: Organization | None = None,
    headers: Mapping[str, str] | None = None,
    rendered: RenderedEmail | None = None,
    new_case: bool = False,
) -> Notification:
    """Render the `kind` email in `language` and store it in the outbox, due now.

    Call it inside the transaction that makes the change the email tells about: if that
    transaction rolls back, the email is never sent; once it commits, the email is sent by the
    worker, retried while the mail server is down (see `send_due`). A Message-ID on
    `settings.EMAIL_DOMAIN` is fixed now, so later emails can thread under it; `headers` adds or
    overrides headers. An email about a case (an organization and the "X-Tiquetera-Case" header)
    joins the case's thread: see `threads`. Without an HTML template, the HTML part is the text
    in escaped paragraphs with its links made clickable. `rendered`: the texts `render_email`
    gave for the same kind, context and language, when the caller rendered them already;
    `new_case`: the case was made in the caller's transaction (`threads.thread_headers`).
    Inside `core.queries.held_inserts` the row is written with the block's others, and the
    notification returned has no id.
    """
    texts = rendered or render_email(kind, context, language)
    subject = texts.subject
    all_headers = {"Message-ID": make_msgid(domain=settings.EMAIL_DOMAIN), **(headers or {})}
    case = threads.case_about(all_headers, organization, context)
    if case is not None:
        subject = threads.subject_with_number(subject, case)
        all_headers.update(
            threads.thread_headers(case, all_headers["Message-ID"], new_case=new_case)
        )
    notification = Notification(
        kind=kind,
        to=to,
        language=language,
        subject=subject[: Notification._meta.get_field("subject").max_length],
        text_body=texts.text_body,
        html_body=texts.html_body,
        headers=all_headers,
        organization=organization,
        next_attempt_at=timezone.now(),
    )
    if holding():  # the intake's case transaction: with its other rows (its id stays None)
        insert_models([notification])
    else:
        notification.save(force_insert=True)
    _send_after_commit()
    return notification


def _send_after_commit() -> None:
    """A prompt send once the transaction commits: one per transaction, however many emails it
    queued (a transaction with a hundred emails enqueues one task, not a hundred)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _send_soon for _savepoints, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_send_soon)


def text_to_html(text: str) -> str:
    """`text` as HTML: escaped, in paragraphs and line breaks, web and mail addresses linked."""
    return linebreaks(urlize(text.strip(), nofollow=True, autoescape=True))


def _send_soon() -> None:
    from .tasks import send_queued  # the tasks module imports this one

    send_queued()


@dataclass(frozen=True)
class SendCounts:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def send_due(now: dt.datetime | None = None, *, batch: int = 50) -> SendCounts:
    """Send up to `batch` due emails: pending ones whose time has come, and ones a dead worker
    left in "sending" for longer than `CLAIM_TIMEOUT`.

    Each row is claimed with a conditional UPDATE (due → sending, with a new claim deadline), so
    two workers sweeping at once never send the same email twice. A failed send goes back to
    pending after a growing wait (`BACKOFF`); after `MAX_ATTEMPTS` attempts it is marked failed,
    keeping the last error. Safe to run as often as you like.
    """
    now = now or timezone.now()
    _fail_abandoned_last_attempts(now)
    sent = retrying = failed = 0
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT or SEND_TIMEOUT_SECONDS)
    try:
        # One row claimed at a time, just before it is sent: a claim never waits behind others.
        while sent + retrying + failed < batch and (notification := _claim_next(now)):
            try:
                connection.open()  # a no-op while the session is open
                _email(notification, connection).send()
            except Exception as error:  # whatever went wrong, the row must not stay claimed
                with contextlib.suppress(Exception):
                    connection.close()  # a broken session: the next send opens a new one
                if _record_failure(notification, error, now):
                    failed += 1
                else:
                    retrying += 1
            else:
                Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
                    status=Status.SENT, sent_at=timezone.now(), last_error=""
                )
                sent += 1
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return SendCounts(sent=sent, retrying=retrying, failed=failed)


def _due(now: dt.datetime) -> QuerySet[Notification]:
    return Notification.objects.filter(
        status__in=[Status.PENDING, Status.SENDING], next_attempt_at__lte=now
    )


def _claim_next(now: dt.datetime) -> Notification | None:
    """The next due row, now ours (`core.claims.claim_next`)."""
    pk = claim_next(_due(now), status=Status.SENDING, lease=CLAIM_TIMEOUT, now=now)
    return None if pk is None else Notification.objects.get(pk=pk)


def _fail_abandoned_last_attempts(now: dt.datetime) -> None:
    """A dead worker's claim on a row's last attempt: failed, not a seventh try."""
    _due(now).filter(status=Status.SENDING, attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="The worker stopped while sending the last attempt."
    )


def _record_failure(notification: Notification, error: Exception, now: dt.datetime) -> bool:
    """Put the row back to pending after its wait, or mark it failed. True when failed."""
    message = f"{type(error).__name__}: {error}"
    given_up = notification.attempts >= MAX_ATTEMPTS
    logger.warning(
        "email %s to %s not sent (attempt %s): %s",
        notification.pk,
        notification.to,
        notification.attempts,
        message,
    )
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.FAILED if given_up else Status.PENDING,
        next_attempt_at=now if given_up else now + BACKOFF[notification.attempts - 1],
        last_error=message,
    )
    return given_up


def _email(notification: Notification, connection: BaseEmailBackend) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.text_body,
        to=[notification.to],
        headers=dict(notification.headers),
        connection=connection,
    )
    if notification.html_body:
        email.attach_alternative(notification.html_body, "text/html")
    return email
