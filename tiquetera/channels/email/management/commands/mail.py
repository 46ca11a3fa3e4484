"""`tiquetera mail fetch` reads the IMAP mailboxes of IMAP_URLS once (what the worker does
every minute) and processes every stored email still waiting."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.mailboxes import Mailbox, MailboxUrlError, configured_mailboxes


class Command(BaseCommand):
    help = "Email channel: `mail fetch` reads the configured IMAP mailboxes once."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        fetch = actions.add_parser("fetch", help="read the mailboxes and process new email")
        fetch.add_argument(
            "--url", action="append", help="read this IMAP URL instead of IMAP_URLS (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            urls = options["url"]
            mailboxes = [Mailbox.from_url(u) for u in urls] if urls else configured_mailboxes()
        except MailboxUrlError as error:
            raise CommandError(str(error)) from None
        if not mailboxes:
            self.stdout.write("No mailbox configured (IMAP_URLS): only stored email processed.")
        report = fetch_all(mailboxes)
        self.stdout.write(
            f"{report.stored} stored, {report.duplicates} already stored, "
            f"{report.processed} processed"
        )
        for problem in report.errors:
            self.stderr.write(problem)
        if report.errors:
            raise CommandError(f"{len(report.errors)} mailbox(es) not read")
