"""`tiquetera calendar add|between|explain|list`: business time for support leads."""

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tiquetera.calendars import selectors
from tiquetera.calendars.durations import DurationError, parse_minutes
from tiquetera.calendars.engine import BusinessCalendar, CalendarError
from tiquetera.calendars.errors import describe
from tiquetera.calendars.explain import explain_text
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for


def parse_moment(text: str, engine: BusinessCalendar) -> dt.datetime:
    """ISO 8601; without an offset it is read in the calendar's own time zone."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date and time such as 2026-03-20T16:30.") % {"value": text}
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=engine.tz)


class Command(BaseCommand):
    help = "Business time on a policy's calendar: add, between, explain, list."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="the deadline MINUTES of business time after START")
        add.add_argument("calendar", help="policy/key, or key when only one policy has it")
        add.add_argument("start", help="ISO 8601; no offset = the calendar's time zone")
        add.add_argument("minutes", help="minutes (90) or hours (24h, 1h30m)")
        between = sub.add_parser("between", help="business time from START to END")
        between.add_argument("calendar")
        between.add_argument("start")
        between.add_argument("end")
        explain = sub.add_parser("explain", help="the deadline and what pushed it later")
        explain.add_argument("calendar")
        explain.add_argument("start")
        explain.add_argument("minutes")
        sub.add_parser("list", help="the calendars of every policy")
        for p in (add, between, explain, sub.choices["list"]):
            p.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            return self._list(options["json"])
        calendar = self._calendar(options["calendar"])
        engine = engine_for(calendar)
        start = parse_moment(options["start"], engine)
        try:
            if action == "between":
                end = parse_moment(options["end"], engine)
                worked = engine.between(start, end)
                minutes = worked.total_seconds() / 60
                result: dict[str, Any] = {
                    "calendar": calendar.ref,
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "minutes": minutes,
                }
                text = _("%(hours)s business hours (%(minutes)s minutes)") % {
                    "hours": f"{minutes / 60:g}",
                    "minutes": f"{minutes:g}",
                }
            else:
                try:
                    minutes = parse_minutes(options["minutes"])
                except DurationError as error:
                    raise CommandError(str(error)) from None
                explanation = engine.explain(start, minutes)
                words = explain_text(explanation)
                result = {
                    "calendar": calendar.ref,
                    "start": start.isoformat(),
                    "minutes": minutes,
                    "deadline": explanation.deadline.isoformat(),
                }
                text = explanation.deadline.isoformat()
                if action == "explain":
                    result |= {
                        "counted_from": explanation.counted_from.isoformat(),
                        "closed_days": [
                            {"date": d.date.isoformat(), "kind": d.kind, "name": d.name}
                            for d in explanation.closed_days
                        ],
                        "breaks": [[a.isoformat(), b.isoformat()] for a, b in explanation.breaks],
                        "summary": words.summary,
                        "reasons": words.reasons,
                    }
                    text = "\n".join(
                        [f"{words.summary} ({text})", *(f"- {r}" for r in words.reasons)]
                    )
        except CalendarError as error:
            raise CommandError(describe(error)) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False) if options["json"] else text)

    def _calendar(self, ref: str) -> Calendar:
        try:
            return selectors.get_calendar(ref)
        except selectors.CalendarNotFound as missing:
            raise CommandError(
                _("No single calendar “%(ref)s”. Calendars: %(choices)s")
                % {"ref": ref, "choices": ", ".join(missing.choices) or _("none loaded")}
            ) from None

    def _list(self, as_json: bool) -> None:
        rows = [
            {"ref": c.ref, "name": c.name, "time_zone": c.time_zone, "country": c.country}
            for c in selectors.calendars()
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
        for row in [] if as_json else rows:
            self.stdout.write(
                f"{row['ref']:<28} {row['name']} ({row['time_zone']} {row['country']})"
            )
