"""`tiquetera backup DEST`: the database, the task queue and the attachments into a new folder."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tiquetera.core.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database, the task queue and the attachments into the new folder DEST "
        "(safe while the desk runs)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("dest", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = back_up(options["dest"])
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Backed up into %(folder)s: %(files)s.")
            % {"folder": result.folder, "files": ", ".join(result.files)}
        )
