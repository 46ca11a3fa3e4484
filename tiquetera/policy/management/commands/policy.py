"""`tiquetera policy check|load|dump|presets`: the policy file from the command line."""

import datetime as dt
import json
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tiquetera.policy.dump import dump_policy
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.schema import (
    PRESETS_DIR,
    PolicyFile,
    is_preset_name,
    preset_names,
    read_policy,
)
from tiquetera.policy.selectors import PolicyNotFound, get_policy
from tiquetera.policy.services import load_policy


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError(
            _("“%(value)s” is not a date such as 2026-09-01.") % {"value": text}
        ) from None


class Command(BaseCommand):
    help = "Check, load and dump policy files (TOML), and list the presets."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="check a policy file or preset without loading it")
        check.add_argument("file", metavar="FILE|PRESET", help="a path, or a preset's bare name")
        load = sub.add_parser("load", help="load a policy file or preset (idempotent)")
        load.add_argument("file", metavar="FILE|PRESET", help="a path, or a preset's bare name")
        dump = sub.add_parser("dump", help="write a loaded policy as a policy file")
        dump.add_argument("slug", nargs="?", help="the policy (optional when there is one)")
        dump.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
        sub.add_parser("presets", help="list the presets shipped with Tiquetera")
        simulate = sub.add_parser(
            "simulate", help="replay a window of cases under a policy file (nothing is kept)"
        )
        simulate.add_argument("file", metavar="FILE|PRESET", help="a path, or a preset's bare name")
        simulate.add_argument("--from", dest="start", required=True, type=_day, metavar="DATE")
        simulate.add_argument("--to", dest="end", required=True, type=_day, metavar="DATE")
        simulate.add_argument("--organization", default="", metavar="TAX-ID")
        simulate.add_argument("--json", dest="json_file", metavar="FILE", help="write the report")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "presets":
            return self._presets()
        if action == "dump":
            return self._dump(options["slug"], options["output"])
        if action == "simulate":
            return self._simulate(options)
        policy_file = self._read(options["file"], loading=action == "load")
        document = policy_file.document
        for warning in policy_file.warnings:
            self.stderr.write(_("Warning: %(text)s") % {"text": warning.text(policy_file.filename)})
        if action == "check":
            self.stdout.write(
                _("%(file)s: OK, policy %(slug)s with calendars %(calendars)s.")
                % {
                    "file": policy_file.filename,
                    "slug": document.policy.slug,
                    "calendars": ", ".join(document.calendars),
                }
            )
            return None
        try:
            report = load_policy(document, source=policy_file.source)
        except PolicyFileError as error:
            self._refuse(error, loading=True)
        for change in report.changes:
            if change.action != "unchanged":
                self.stdout.write(change.text())
        self.stdout.write(report.summary())
        return None

    def _read(self, ref: str, *, loading: bool) -> PolicyFile:
        try:
            return read_policy(ref)
        except PolicyFileError as error:
            self._refuse(error, loading=loading)

    def _refuse(self, error: PolicyFileError, *, loading: bool) -> NoReturn:
        for line in error.lines():
            self.stderr.write(line)
        count = len(error.problems)
        summary = ngettext(
            "%(file)s has %(count)s problem.", "%(file)s has %(count)s problems.", count
        ) % {"file": error.filename, "count": count}
        raise CommandError(f"{summary} {_('Nothing was loaded.')}" if loading else summary)

    def _dump(self, slug: str | None, output: str | None) -> None:
        try:
            text = dump_policy(get_policy(slug))
        except PolicyNotFound as missing:
            raise CommandError(str(missing)) from None
        if output is None:
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(_("Wrote %(file)s.") % {"file": output})

    def _simulate(self, options: dict[str, Any]) -> None:
        from tiquetera.policy.simulation import report, tables
        from tiquetera.policy.simulation.errors import SimulationError
        from tiquetera.policy.simulation.run import simulate

        ref = options["file"]
        path = PRESETS_DIR / f"{ref}.toml" if is_preset_name(ref) else Path(ref)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": ref, "reason": error}
            ) from None
        try:
            result = simulate(
                text,
                filename=ref,
                start=options["start"],
                end=options["end"],
                organization=options["organization"],
            )
        except PolicyFileError as error:
            for line in error.lines():
                self.stderr.write(line)
            raise CommandError(_("Nothing was simulated.")) from None
        except SimulationError as error:
            raise CommandError(error.message) from None
        built = report.build(result)
        self.stdout.write(tables.render(built), ending="")
        if options["json_file"]:
            Path(options["json_file"]).write_text(
                json.dumps(built, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            self.stdout.write(_("Wrote %(file)s.") % {"file": options["json_file"]})

    def _presets(self) -> None:
        for name in preset_names():
            policy = read_policy(name).document.policy
            self.stdout.write(f"{name:<12} {policy.name} ({policy.country}, {policy.time_zone})")
