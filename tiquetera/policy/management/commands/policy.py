"""`tiquetera policy check|load|dump|presets|status|unschedule|apply-due`: the policy file from
the command line, and its dated revisions (`revisions`)."""

import datetime as dt
import json
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import PolicyRevision
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.revisions import (
    RevisionError,
    apply_due_revisions,
    check_dated,
    load_file,
    unschedule,
)
from tiquetera.policy.schema import (
    PRESETS_DIR,
    PolicyFile,
    is_preset_name,
    parse_policy,
    preset_names,
    read_policy,
)
from tiquetera.policy.selectors import PolicyNotFound, get_policy
from tiquetera.policy.status import status_lines, when


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
        load.add_argument(
            "--simulated",
            type=int,
            metavar="REPORT-ID",
            help="load only if this finished simulation (the desk's Simulador) was of this file",
        )
        dump = sub.add_parser("dump", help="write a loaded policy as a policy file")
        dump.add_argument("slug", nargs="?", help="the policy (optional when there is one)")
        dump.add_argument("-o", "--output", metavar="FILE", help="write here, not to stdout")
        sub.add_parser("presets", help="list the presets shipped with Tiquetera")
        simulate = sub.add_parser(
            "simulate", help="replay a window of cases under a policy file (nothing is kept)"
        )
        simulate.add_argument("file", metavar="FILE|PRESET", help="a path, or a preset's bare name")
        simulate.add_argument(
            "--from",
            dest="start",
            type=_day,
            metavar="DATE",
            help="the window's first day (default: the file's effective_from, when it has come)",
        )
        simulate.add_argument(
            "--to", dest="end", type=_day, metavar="DATE", help="its last day (default: today)"
        )
        simulate.add_argument("--organization", default="", metavar="TAX-ID")
        simulate.add_argument("--json", dest="json_file", metavar="FILE", help="write the report")
        status = sub.add_parser("status", help="the revision in force and the scheduled ones")
        status.add_argument("slug", nargs="?", help="the policy (optional: all of them)")
        cancel = sub.add_parser("unschedule", help="cancel a scheduled revision")
        cancel.add_argument("revision", type=int, metavar="ID", help="as `policy status` shows")
        sub.add_parser("apply-due", help="apply the scheduled revisions whose moment has come")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "presets":
            return self._presets()
        if action == "dump":
            return self._dump(options["slug"], options["output"])
        if action == "simulate":
            return self._simulate(options)
        if action in ("status", "unschedule", "apply-due"):
            return self._revisions(action, options)
        policy_file = self._read(options["file"], loading=action == "load")
        for warning in policy_file.warnings:
            self.stderr.write(_("Warning: %(text)s") % {"text": warning.text(policy_file.filename)})
        if action == "check":
            return self._check(policy_file)
        if options.get("simulated") is not None:
            self._check_simulated(policy_file, options["simulated"])
        try:
            loaded = load_file(policy_file)
        except PolicyFileError as error:
            self._refuse(error, loading=True)
        if loaded.report is None:
            return self._scheduled(policy_file, loaded.revision, loaded.already_scheduled)
        for change in loaded.report.changes:
            if change.action != "unchanged":
                self.stdout.write(change.text())
        self.stdout.write(loaded.report.summary())
        return None

    def _check(self, policy_file: PolicyFile) -> None:
        document = policy_file.document
        try:
            check_dated(policy_file, now=timezone.now())
        except PolicyFileError as error:
            self._refuse(error, loading=False)
        self.stdout.write(
            _("%(file)s: OK, policy %(slug)s with calendars %(calendars)s.")
            % {
                "file": policy_file.filename,
                "slug": document.policy.slug,
                "calendars": ", ".join(document.calendars),
            }
        )
        moment = document.policy.effective_moment()
        if moment is not None and moment > timezone.now():
            self.stdout.write(
                _("Loading it schedules it: it takes effect on %(date)s.")
                % {"date": when(moment, moment.tzinfo)}
            )

    def _check_simulated(self, policy_file: PolicyFile, report_id: int) -> None:
        """`--simulated ID`: the simulation must exist, be finished and be of this very file."""
        from tiquetera.policy.models import SimulationReport
        from tiquetera.policy.revisions import checksum

        found = SimulationReport.objects.filter(pk=report_id).first()
        if found is None:
            raise CommandError(
                _("There is no simulation %(id)s. Nothing was loaded.") % {"id": report_id}
            )
        if found.status != SimulationReport.Status.DONE:
            raise CommandError(
                _("Simulation %(id)s is %(status)s, not finished. Nothing was loaded.")
                % {"id": report_id, "status": found.get_status_display()}
            )
        if found.checksum != checksum(policy_file.text):
            raise CommandError(
                _(
                    "Simulation %(id)s was of another file (%(file)s, checksum %(checksum)s…): "
                    "simulate this one first. Nothing was loaded."
                )
                % {"id": report_id, "file": found.filename, "checksum": found.checksum[:12]}
            )

    def _scheduled(
        self, policy_file: PolicyFile, revision: PolicyRevision | None, already: bool
    ) -> None:
        assert revision is not None and revision.effective_from is not None
        moment = policy_file.document.policy.effective_moment()
        values = {
            "slug": revision.slug,
            "id": revision.pk,
            "date": when(revision.effective_from, moment.tzinfo if moment else None),
        }
        if already:
            message = _(
                "Policy %(slug)s: this file is already scheduled as revision %(id)s, to take "
                "effect on %(date)s. Nothing changed."
            )
        else:
            message = _(
                "Policy %(slug)s: scheduled as revision %(id)s, to take effect on %(date)s. "
                "Until then the rules in force stay; cancel it with "
                "“tiquetera policy unschedule %(id)s”."
            )
        self.stdout.write(message % values)

    def _revisions(self, action: str, options: dict[str, Any]) -> None:
        if action == "status":
            try:
                lines = status_lines(options["slug"])
            except PolicyNotFound as missing:
                raise CommandError(str(missing)) from None
            for line in lines:
                self.stdout.write(line)
            return
        if action == "unschedule":
            try:
                revision = unschedule(options["revision"])
            except RevisionError as error:
                raise CommandError(error.message) from None
            self.stdout.write(
                _("Revision %(id)s of policy %(slug)s is cancelled: it will not take effect.")
                % {"id": revision.pk, "slug": revision.slug}
            )
            return
        done = apply_due_revisions(timezone.now())
        for revision in done:
            if revision.state == PolicyRevision.State.APPLIED:
                self.stdout.write(
                    _("Revision %(id)s of policy %(slug)s applied.")
                    % {"id": revision.pk, "slug": revision.slug}
                )
            else:
                self.stderr.write(
                    _("Revision %(id)s of policy %(slug)s could not be applied: %(error)s")
                    % {"id": revision.pk, "slug": revision.slug, "error": revision.error}
                )
        if not done:
            self.stdout.write(_("No scheduled revision is due."))

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
        from tiquetera.policy.simulation.preflight import default_window

        ref = options["file"]
        path = PRESETS_DIR / f"{ref}.toml" if is_preset_name(ref) else Path(ref)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": ref, "reason": error}
            ) from None
        try:
            start, end = options["start"], options["end"]
            if start is None or end is None:
                start, end = default_window(parse_policy(text, ref), start, end)
            result = report.simulate(
                text, filename=ref, start=start, end=end, organization=options["organization"]
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
