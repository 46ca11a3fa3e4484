"""Reading the IMAP mailboxes: each unseen message is stored (`services.store_message`), then
marked \\Seen on the server, then processed. A crash between any two steps loses and duplicates
nothing: an unmarked message is fetched again and recognised by its Message-ID, a stored one
not yet processed is processed on the next run (`services.process_pending`)."""

import logging
from dataclasses import dataclass, field
from typing import cast

from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import MailboxFlagError
from imap_tools.utils import check_command_status

from tiquetera.core.jobruns import recorded_run

from . import services
from .mailboxes import Mailbox, configured_mailboxes

logger = logging.getLogger(__name__)

BATCH = 100  # messages per mailbox and run: the next run (a minute later) takes the rest
TIMEOUT_SECONDS = 60


@dataclass
class FetchReport:
    stored: int = 0
    duplicates: int = 0
    processed: int = 0
    errors: list[str] = field(default_factory=list)


class _RawMessage(MailMessage):
    """imap-tools' message, keeping the bytes exactly as the server sent them."""

    def __init__(self, fetch_data: list) -> None:  # type: ignore[type-arg]
        super().__init__(fetch_data)
        self.raw: bytes = self._get_message_data_parts(fetch_data)[0]


def fetch_all(mailboxes: list[Mailbox] | None = None, *, batch: int = BATCH) -> FetchReport:
    """Read every configured mailbox (or `mailboxes`), then process whatever stored email is
    still waiting. A mailbox that cannot be reached is reported and the others are read."""
    report = FetchReport()
    for mailbox in configured_mailboxes() if mailboxes is None else mailboxes:
        try:
            with recorded_run(f"email_fetch:{mailbox.label}"):  # the fetch lag metric
                fetch_mailbox(mailbox, report=report, batch=batch)
        except Exception as error:  # a server down or a wrong password: the others go on
            logger.warning("mailbox %s not read: %s", mailbox.label, error)
            report.errors.append(f"{mailbox.label}: {type(error).__name__}: {error}")
    report.processed += services.process_pending()
    return report


def fetch_mailbox(mailbox: Mailbox, *, report: FetchReport, batch: int = BATCH) -> None:
    """Store, mark seen and process each unseen message of `mailbox`, oldest first."""
    with _connect(mailbox) as box:
        unseen = box.fetch(AND(seen=False), mark_seen=False, limit=batch, bulk=False)
        for message in unseen:
            raw = cast(_RawMessage, message).raw
            inbound, created = services.store_message(raw, mailbox=mailbox.label)
            if created:
                report.stored += 1
            else:
                report.duplicates += 1
            if message.uid:
                _mark_seen(box, message.uid)
            services.process_email(inbound)
            report.processed += 1


def _connect(mailbox: Mailbox) -> BaseMailBox:
    box: BaseMailBox
    if mailbox.security == "plain":
        box = MailBoxUnencrypted(mailbox.host, port=mailbox.port, timeout=TIMEOUT_SECONDS)
    elif mailbox.security == "starttls":
        box = MailBoxStartTls(mailbox.host, port=mailbox.port, timeout=TIMEOUT_SECONDS)
    else:
        box = MailBox(mailbox.host, port=mailbox.port, timeout=TIMEOUT_SECONDS)
    box.email_message_class = _RawMessage
    return box.login(mailbox.user, mailbox.password, initial_folder=mailbox.folder)


def _mark_seen(box: BaseMailBox, uid: str) -> None:
    # A plain STORE: imap-tools' `flag` also expunges, which is not ours to do in a shared box.
    result = box.client.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    check_command_status(result, MailboxFlagError)
