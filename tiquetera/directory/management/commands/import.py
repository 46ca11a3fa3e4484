"""`tiquetera import organizations|contacts|contracts FILE.csv`: move a vendor's spreadsheets in."""

from argparse import ArgumentParser
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from tiquetera.directory.importing import KINDS, Report, UnreadableFile, run_import
from tiquetera.directory.importing.contacts import ContactImport
from tiquetera.policy.models import Policy

# Below this many rows a file imports in a blink: no progress bar.
LARGE_FILE_ROWS = 500


class Command(BaseCommand):
    help = (
        "Import organizations, contacts or contracts from a CSV file (docs/import.md). Every row "
        "is checked first; nothing is imported when a row is bad unless --skip-bad."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("kind", choices=list(KINDS), help="what the file holds")
        parser.add_argument("file", type=Path, help="a CSV file, UTF-8, ';' or ',' separated")
        parser.add_argument("--policy", help="the policy's identifier (slug); needed when several")
        parser.add_argument("--skip-bad", action="store_true", help="import the good rows anyway")
        parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        parser.add_argument(
            "--invite",
            action="store_true",
            help="contacts: email each one a portal invitation (not those who already signed in)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("There is no file %(path)s.") % {"path": path})
        policy = self._policy(options["policy"])
        if options["invite"] and options["kind"] != ContactImport.name:
            raise CommandError(_("--invite is for contacts: it invites them to the portal."))
        kind = (
            ContactImport(policy, invite=True)
            if options["invite"]
            else KINDS[options["kind"]](policy)
        )
        try:
            report = run_import(
                kind,
                path,
                skip_bad=options["skip_bad"],
                dry_run=options["dry_run"],
                progress=self._progress,
            )
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error.message}") from None
        for problem in report.problems:
            self.stderr.write(f"{path}:{problem.line}: {problem.field}: {problem.message}")
        for warning in report.warnings:
            self.stdout.write(
                f"{path}:{warning.line}: " + _("notice: %(message)s") % {"message": warning.message}
            )
        if report.problems and not options["skip_bad"]:
            raise CommandError(
                _(
                    "Nothing imported: %(count)d bad rows. Fix them, or import the good rows "
                    "with --skip-bad."
                )
                % {"count": report.bad_lines}
            )
        self.stdout.write(self._summary(report, dry_run=options["dry_run"]))
        if isinstance(kind, ContactImport) and kind.invite:
            self._invitations(kind, path, dry_run=options["dry_run"])

    def _invitations(self, kind: ContactImport, path: Path, *, dry_run: bool) -> None:
        for line, why in kind.not_invited:
            self.stdout.write(f"{path}:{line}: " + _("not invited: %(message)s") % {"message": why})
        if dry_run:
            message = _("%(count)d portal invitations would be sent.")
        else:
            message = _("%(count)d portal invitations sent.")
        self.stdout.write(message % {"count": len(kind.invited)})

    def _policy(self, slug: str | None) -> Policy:
        policies = Policy.objects.order_by("slug")
        if slug:
            policies = policies.filter(slug=slug)
        found = list(policies[:2])
        if len(found) == 1:
            return found[0]
        slugs = ", ".join(Policy.objects.order_by("slug").values_list("slug", flat=True))
        if slug:
            message = _("There is no policy “%(slug)s”. Policies: %(slugs)s.")
        else:
            message = _("Say which policy with --policy. Policies: %(slugs)s.")
        raise CommandError(message % {"slug": slug, "slugs": slugs or _("none loaded")})

    def _progress(self, items: Iterable[Any], total: int, description: str) -> Iterable[Any]:
        if total < LARGE_FILE_ROWS:
            return items
        # disable=None: drawn only on a terminal, so logs and pipes stay clean.
        return tqdm(items, total=total, desc=description, unit=_("rows"), disable=None)

    def _summary(self, report: Report, *, dry_run: bool) -> str:
        summary = _(
            "%(kind)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
            "%(skipped)d bad rows skipped."
        ) % {
            "kind": report.kind,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.bad_lines,
        }
        return f"{summary} {_('Dry run: nothing was saved.')}" if dry_run else summary
