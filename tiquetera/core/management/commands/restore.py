"""`tiquetera restore SRC`: replace the database, the queue and the attachments with a backup's."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tiquetera.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `tiquetera backup`, replacing this desk's database, task queue "
        "and attachments. Stop the web processes and the worker first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("src", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = restore(options["src"])
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Restored from %(folder)s: %(files)s.")
            % {"folder": result.folder, "files": ", ".join(result.files)}
        )
