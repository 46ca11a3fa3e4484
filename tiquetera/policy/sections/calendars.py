"""The [calendars.KEY] section: its schema, its checks, and its weekday and interval helpers."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext as _
from pydantic import Field

from tiquetera.calendars.engine import BusinessCalendar, CalendarError, parse_interval
from tiquetera.calendars.errors import describe
from tiquetera.policy.fields import SLUG, Country, Strict, country_problems, time_zone_problems
from tiquetera.policy.problems import FieldPath, Problem

if TYPE_CHECKING:
    from tiquetera.policy.schema import PolicySpec

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index == datetime.weekday()


# --- [calendars.KEY] ---------------------------------------------------------------------------
class DateSpec(Strict):
    date: dt.date
    name: str = Field(default="", max_length=200)


class ClosedDate(DateSpec):
    pass


class OpenDate(DateSpec):
    hours: list[str] | None = Field(default=None, min_length=1)  # None: the weekday's hours


@dataclass(frozen=True)
class DateRow:
    """A closed or open date as the database stores it (hours normalised, maybe empty)."""

    date: dt.date
    kind: Literal["closed", "open"]
    name: str
    hours: list[str]


class CalendarSpec(Strict):
    name: str = Field(min_length=1, max_length=200)
    default: bool = False
    time_zone: str | None = Field(default=None, max_length=64)  # None: the policy's
    country: Country | None = None  # None: the policy's; "": no national holidays
    subdivision: str = Field(default="", max_length=10)
    hours: dict[str, list[str]] = Field(default_factory=dict)
    closed: list[ClosedDate] = Field(default_factory=list)
    open: list[OpenDate] = Field(default_factory=list)

    def effective_time_zone(self, policy: PolicySpec) -> str:
        return policy.time_zone if self.time_zone is None else self.time_zone

    def effective_country(self, policy: PolicySpec) -> str:
        return policy.country if self.country is None else self.country

    def week(self) -> dict[int, list[str]]:
        """Weekday number (Monday 0) -> normalised intervals, only days with hours (valid files
        only)."""
        week: dict[int, list[str]] = {}
        for key, intervals in self.hours.items():
            for day in parse_days(key):
                if intervals:
                    week[day] = normalize_intervals(intervals)
        return dict(sorted(week.items()))

    def date_rows(self) -> list[DateRow]:
        rows = [DateRow(date=d.date, kind="closed", name=d.name, hours=[]) for d in self.closed]
        rows += [
            DateRow(date=d.date, kind="open", name=d.name, hours=normalize_intervals(d.hours or []))
            for d in self.open
        ]
        return sorted(rows, key=lambda row: row.date)

    def engine(self, policy: PolicySpec) -> BusinessCalendar:
        """The engine this calendar compiles to (raises CalendarError), as `Calendar` rows do."""
        week = self.week()
        return BusinessCalendar(
            timezone=self.effective_time_zone(policy),
            week=week,
            country=self.effective_country(policy) or None,
            subdivision=self.subdivision or None,
            closed_dates={d.date: d.name for d in self.closed},
            open_dates={d.date: d.hours or week.get(d.date.weekday(), []) for d in self.open},
        )

    def problems(self, key: str, policy: PolicySpec, *, policy_ok: bool) -> Iterator[Problem]:
        """What is wrong with this calendar; the engine is built only when nothing else is (and
        the policy's own time zone and country are right), so each mistake is said once."""
        at: FieldPath = ("calendars", key)
        found: list[Problem] = []
        if not SLUG.fullmatch(key) or len(key) > 50:
            found.append(
                Problem(
                    at,
                    _(
                        "“%(value)s” is not a calendar identifier: use letters, digits, hyphens "
                        "and underscores, such as regular."
                    )
                    % {"value": key},
                )
            )
        if self.time_zone is not None:
            found += time_zone_problems(self.time_zone, (*at, "time_zone"))
        found += country_problems(
            self.effective_country(policy),
            self.subdivision,
            (*at, "country") if self.country is not None else (),
            (*at, "subdivision"),
        )
        found += _hours_problems(self.hours, (*at, "hours"))
        found += self._date_problems(at)
        if not found and policy_ok:
            try:
                self.engine(policy)
            except CalendarError as error:
                where = (*at, "hours") if error.code == "no_working_time" else at
                found.append(Problem(where, describe(error)))
        yield from found

    def _date_problems(self, at: FieldPath) -> Iterator[Problem]:
        seen: set[dt.date] = set()
        hours_ok = not _hours_problems(self.hours, ())
        week_days = set(self.week()) if hours_ok else set()
        lists: tuple[tuple[str, Sequence[DateSpec]], ...] = (
            ("closed", self.closed),
            ("open", self.open),
        )
        for kind, dates in lists:
            for index, day in enumerate(dates):
                where = (*at, kind, index)
                if day.date in seen:
                    yield Problem(
                        (*where, "date"),
                        _("%(date)s is listed twice in this calendar; list each date once.")
                        % {"date": day.date.isoformat()},
                    )
                seen.add(day.date)
                if isinstance(day, OpenDate):
                    if day.hours is not None:
                        yield from _intervals_problems(day.hours, (*where, "hours"))
                    elif hours_ok and day.date.weekday() not in week_days:
                        error = CalendarError(
                            "open_date_without_hours", "", value=day.date.isoformat()
                        )
                        yield Problem(where, describe(error))


def calendars_problems(
    calendars: Mapping[str, CalendarSpec], policy: PolicySpec
) -> Iterator[Problem]:
    """What is wrong with the section as a whole: no calendar, or not exactly one default."""
    if not calendars:
        yield Problem(
            ("calendars",),
            _("The policy has no calendar: add one, such as [calendars.regular]."),
        )
        return
    policy_ok = not list(policy.problems())
    for key, calendar in calendars.items():
        yield from calendar.problems(key, policy, policy_ok=policy_ok)
    defaults = [key for key, calendar in calendars.items() if calendar.default]
    if not defaults:
        yield Problem(
            ("calendars",),
            _("No calendar is the default one: set default = true on exactly one calendar."),
        )
    for key in defaults[1:]:
        yield Problem(
            ("calendars", key, "default"),
            _("Only one calendar can be the default one, and “%(first)s” already is.")
            % {"first": defaults[0]},
        )


# --- weekdays and intervals --------------------------------------------------------------------
def parse_days(key: str) -> list[int]:
    """'mon' -> [0]; 'mon-fri' -> [0, 1, 2, 3, 4]; raises ValueError for anything else."""
    names = key.split("-")
    if len(names) > 2 or any(name not in DAY_NAMES for name in names):
        raise ValueError(key)
    start, end = DAY_NAMES.index(names[0]), DAY_NAMES.index(names[-1])
    if end < start:
        raise ValueError(key)
    return list(range(start, end + 1))


def format_interval(start: int, end: int) -> str:
    """(32400, 46800) -> '09:00-13:00' (seconds shown only when there are some)."""

    def clock(seconds: int) -> str:
        h, rest = divmod(seconds, 3600)
        m, s = divmod(rest, 60)
        return f"{h:02d}:{m:02d}:{s:02d}" if s else f"{h:02d}:{m:02d}"

    return f"{clock(start)}-{clock(end)}"


def normalize_intervals(intervals: Sequence[str]) -> list[str]:
    """Valid intervals written one way ('09:00-13:00'), sorted by start."""
    return [format_interval(*pair) for pair in sorted(parse_interval(i) for i in intervals)]


def canonical_intervals(intervals: Sequence[str]) -> list[str]:
    """`normalize_intervals`, or the intervals as they are when some is invalid (a dump must
    not fail on a row that was saved without the checks)."""
    try:
        return normalize_intervals(intervals)
    except CalendarError:
        return list(intervals)


def group_week(week: Mapping[int, Sequence[str]]) -> dict[str, list[str]]:
    """The inverse of the `hours` table: consecutive weekdays with the same hours become one
    range ('mon-fri'), Monday first. Intervals are normalised when they are valid."""
    days = [canonical_intervals(week.get(day, [])) for day in range(7)]
    hours: dict[str, list[str]] = {}
    day = 0
    while day < 7:
        last = day
        while last + 1 < 7 and days[last + 1] == days[day]:
            last += 1
        if days[day]:
            key = DAY_NAMES[day] if last == day else f"{DAY_NAMES[day]}-{DAY_NAMES[last]}"
            hours[key] = days[day]
        day = last + 1
    return hours


# --- the checks of hours -----------------------------------------------------------------------
def _hours_problems(hours: Mapping[str, Sequence[str]], at: FieldPath) -> list[Problem]:
    found: list[Problem] = []
    owner: dict[int, str] = {}
    for key, intervals in hours.items():
        try:
            days = parse_days(key)
        except ValueError:
            found.append(
                Problem(
                    (*at, key),
                    _(
                        "“%(value)s” is not a day or a range of days: write mon, tue, wed, thu, "
                        "fri, sat or sun, or a range such as mon-fri."
                    )
                    % {"value": key},
                )
            )
            continue
        for day in days:
            if day in owner:
                found.append(
                    Problem(
                        (*at, key),
                        _("%(day)s is already listed under “%(key)s”; list each day once.")
                        % {"day": DAY_NAMES[day], "key": owner[day]},
                    )
                )
                break
            owner[day] = key
        found += _intervals_problems(intervals, (*at, key))
    return found


def _intervals_problems(intervals: Sequence[str], at: FieldPath) -> list[Problem]:
    found: list[Problem] = []
    parsed: list[tuple[int, int, int]] = []
    for index, interval in enumerate(intervals):
        try:
            start, end = parse_interval(interval)
        except CalendarError as error:
            found.append(Problem((*at, index), describe(error)))
        else:
            parsed.append((start, end, index))
    parsed.sort()
    for (_start, end, earlier), (start, _end, later) in itertools.pairwise(parsed):
        if start < end:
            first, second = sorted((earlier, later))
            found.append(
                Problem(
                    (*at, second),
                    _("“%(value)s” overlaps “%(other)s”.")
                    % {"value": intervals[second], "other": intervals[first]},
                )
            )
    return found
