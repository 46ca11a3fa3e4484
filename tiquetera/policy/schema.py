"""The policy file: its schema, and every check that runs before anything touches the database.

Pure Python (tomllib, pydantic, the business-time engine): no Django models, so a file can be
checked anywhere. `parse_policy(text, filename)` returns a `PolicyDocument` or raises
`PolicyFileError` listing every problem with its file, line and field path, in plain words.

Checking runs in two steps: the pydantic models check the shape (keys, types; an unknown key is
an error), then each section's `problems()` checks the meaning (time zones, countries, intervals,
one default calendar ...), building the engine exactly as the database rows will.

A new section (sla, plans, ...) is a schema class here plus a field on `PolicyDocument` (and its
problems in `PolicyDocument.problems`), and a loader/exporter pair registered in
`services.SECTIONS`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

from tiquetera.calendars.engine import BusinessCalendar, CalendarError, parse_interval
from tiquetera.calendars.errors import describe

from .locate import Locator, PathPart

FORMAT = 1
PRESETS_DIR = Path(__file__).resolve().parent / "presets"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index == datetime.weekday()

FieldPath = tuple[PathPart, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,4})?")
_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


# --- problems ----------------------------------------------------------------------------------
def format_path(path: Sequence[PathPart]) -> str:
    """('calendars', 'regular', 'hours', 'mon-fri', 1) -> 'calendars.regular.hours.mon-fri[1]'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else json.dumps(part, ensure_ascii=False)
            text += f".{key}" if text else key
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a policy file, at a field path (and a line, once located)."""

    path: FieldPath
    message: str
    line: int | None = None
    column: int | None = None

    def text(self, filename: str) -> str:
        """'policy.toml:12: calendars.regular.hours.mon-fri[1]: “25:00” is not a time ...'."""
        where = filename
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return ": ".join(p for p in (where, format_path(self.path), self.message) if p)


class PolicyFileError(ValueError):
    """A policy file that cannot be used; `problems` says every reason found."""

    def __init__(self, filename: str, problems: Sequence[Problem]) -> None:
        self.filename = filename
        self.problems = tuple(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.text(self.filename) for problem in self.problems]


# --- field types with plain-words errors -------------------------------------------------------
def _pattern(regex: re.Pattern[str], message: StrPromise, *, blank: bool = False) -> AfterValidator:
    """A check that the value matches `regex` (or is "" when `blank`); `message` is translated
    when the check fails."""

    def check(value: str) -> str:
        if not (blank and value == "") and not regex.fullmatch(value):
            raise PydanticCustomError("policy_value", str(message) % {"value": value})
        return value

    return AfterValidator(check)


Slug = Annotated[
    str,
    Field(max_length=50),
    _pattern(
        _SLUG,
        gettext_lazy(
            "“%(value)s” is not an identifier: use letters, digits, hyphens and underscores, "
            "such as jq-systems."
        ),
    ),
]
Country = Annotated[  # "" means no national holidays
    str,
    _pattern(
        _COUNTRY,
        gettext_lazy(
            "“%(value)s” is not a country code: write two capital letters such as CO, "
            'or "" for no national holidays.'
        ),
        blank=True,
    ),
]
Language = Annotated[
    str,
    Field(max_length=8),
    _pattern(_LANGUAGE, gettext_lazy("“%(value)s” is not a language code such as es or en.")),
]


class Strict(BaseModel):
    """Every table of the file: unknown keys are errors, and values must have the TOML type
    (a date unquoted, true/false, text in quotes)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- [policy] ----------------------------------------------------------------------------------
class PolicySpec(Strict):
    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    country: Country = ""
    time_zone: str = Field(max_length=64)
    language: Language = "es"
    description: str = ""

    def problems(self) -> Iterator[Problem]:
        yield from _time_zone_problems(self.time_zone, ("policy", "time_zone"))
        yield from _country_problems(self.country, "", ("policy", "country"), ())


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
        if not _SLUG.fullmatch(key) or len(key) > 50:
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
            found += _time_zone_problems(self.time_zone, (*at, "time_zone"))
        found += _country_problems(
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


# --- the whole file ----------------------------------------------------------------------------
class PolicyDocument(Strict):
    """A whole policy file. Each field after `policy` is a section (see `services.SECTIONS`)."""

    format: Literal[1]
    policy: PolicySpec
    calendars: dict[str, CalendarSpec] = Field(default_factory=dict)

    def problems(self) -> Iterator[Problem]:
        """What is wrong with the file's meaning (its shape is already right)."""
        yield from self.policy.problems()
        yield from self._calendars_problems()

    def _calendars_problems(self) -> Iterator[Problem]:
        if not self.calendars:
            yield Problem(
                ("calendars",),
                _("The policy has no calendar: add one, such as [calendars.regular]."),
            )
            return
        policy_ok = not list(self.policy.problems())
        for key, calendar in self.calendars.items():
            yield from calendar.problems(key, self.policy, policy_ok=policy_ok)
        defaults = [key for key, calendar in self.calendars.items() if calendar.default]
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

    @property
    def default_calendar(self) -> str:
        return next(key for key, calendar in self.calendars.items() if calendar.default)


# --- reading -----------------------------------------------------------------------------------
def parse_policy(text: str, filename: str = "<policy>") -> PolicyDocument:
    """The document in `text`, checked in shape and meaning; raises `PolicyFileError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyFileError(filename, [_syntax_problem(error)]) from None
    try:
        document = PolicyDocument.model_validate(data)
    except ValidationError as error:
        problems = [_shape_problem(detail) for detail in error.errors(include_url=False)]
    else:
        problems = list(document.problems())
    if problems:
        locator = Locator(text)
        located = [Problem(p.path, p.message, locator.line(p.path)) for p in _unique(problems)]
        raise PolicyFileError(filename, sorted(located, key=lambda p: p.line or 0))
    return document


@dataclass(frozen=True)
class PolicyFile:
    """A checked policy file, with where it came from."""

    document: PolicyDocument
    filename: str  # as shown in messages
    source: str  # as stored on the policy: 'preset:jq-systems' or the file's absolute path


def preset_names() -> list[str]:
    return sorted(path.stem for path in PRESETS_DIR.glob("*.toml"))


def is_preset_name(ref: str) -> bool:
    """A bare name ('jq-systems') names a preset; anything with a slash or .toml is a path."""
    return bool(_SLUG.fullmatch(ref))


def read_policy(ref: str) -> PolicyFile:
    """The policy file at path `ref`, or the preset named `ref`; raises `PolicyFileError`."""
    if is_preset_name(ref):
        path = PRESETS_DIR / f"{ref}.toml"
        if not path.is_file():
            raise PolicyFileError(
                ref,
                [
                    Problem(
                        (),
                        _("There is no preset “%(name)s”. Presets: %(names)s.")
                        % {"name": ref, "names": ", ".join(preset_names())},
                    )
                ],
            )
        filename, source = str(path), f"preset:{ref}"
    else:
        path = Path(ref)
        filename, source = ref, str(path.resolve())
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = (
            (error.strerror or str(error))
            if isinstance(error, OSError)
            else _("it is not UTF-8 text")
        )
        raise PolicyFileError(
            filename, [Problem((), _("The file cannot be read: %(reason)s.") % {"reason": reason})]
        ) from None
    return PolicyFile(parse_policy(text, filename), filename, source[:200])


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


# --- checks shared by sections -----------------------------------------------------------------
def _time_zone_problems(value: str, path: FieldPath) -> list[Problem]:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return [Problem(path, describe(CalendarError("unknown_timezone", "", value=value)))]
    return []


def _country_problems(
    country: str, subdivision: str, country_path: FieldPath, subdivision_path: FieldPath
) -> list[Problem]:
    """`country_path` is () when the value is inherited (its problem is reported where it is
    written); `subdivision_path` is () when there is no subdivision to check."""
    if not country:
        if subdivision and subdivision_path:
            return [
                Problem(
                    subdivision_path,
                    _("A subdivision needs a country; this calendar has no national holidays."),
                )
            ]
        return []
    try:
        holidays_lib.country_holidays(country)
    except NotImplementedError:
        if not country_path:
            return []
        error = CalendarError("unknown_country", "", value=country)
        return [Problem(country_path, describe(error))]
    if subdivision and subdivision_path:
        try:
            holidays_lib.country_holidays(country, subdiv=subdivision)
        except NotImplementedError:
            return [
                Problem(
                    subdivision_path,
                    _("“%(value)s” is not a subdivision of %(country)s with known holidays.")
                    % {"value": subdivision, "country": country},
                )
            ]
    return []


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


# --- pydantic and tomllib errors in plain words ------------------------------------------------
def _syntax_problem(error: tomllib.TOMLDecodeError) -> Problem:
    detail = str(error)
    line = column = None
    if match := _SYNTAX_POSITION.search(detail):
        line, column = int(match[1]), int(match[2])
        detail = detail[: match.start()]
    return Problem((), _("This is not valid TOML: %(detail)s.") % {"detail": detail}, line, column)


def _show(value: object) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _shape_problem(detail: ErrorDetails) -> Problem:
    path: FieldPath = tuple(detail["loc"])
    kind = detail["type"]
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    shown = {"value": _show(detail.get("input"))}
    if kind == "extra_forbidden":
        key = str(path[-1])
        message = _("Unknown key “%(key)s”.") % {"key": key}
        if close := difflib.get_close_matches(key, _keys_at(path[:-1]), n=1, cutoff=0.6):
            message = _("Unknown key “%(key)s”; did you mean “%(close)s”?") % {
                "key": key,
                "close": close[0],
            }
        return Problem(path, message)
    if kind == "policy_value":  # our own validators' messages, already in plain words
        return Problem(path, detail["msg"])
    messages = {
        "missing": _("This key is required."),
        "string_type": _("Must be text in quotes, not %(value)s."),
        "bool_type": _("Must be true or false, not %(value)s."),
        "int_type": _("Must be a whole number, not %(value)s."),
        "list_type": _('Must be a list such as ["09:00-13:00"], not %(value)s.'),
        "dict_type": _("Must be a table, not %(value)s."),
        "model_type": _("Must be a table, not %(value)s."),
        "date_type": _("Must be a date such as 2026-12-24, without quotes, not %(value)s."),
        "literal_error": _("Must be %(expected)s, not %(value)s."),
        "string_too_short": _("Cannot be empty."),
        "string_too_long": _("Is too long: at most %(max_length)s characters."),
        "too_short": _("Cannot be an empty list: list something, or leave the key out."),
    }
    template = messages.get(kind)
    if template is None:
        return Problem(path, detail["msg"])
    return Problem(path, template % {**context, **shown})


def _keys_at(path: FieldPath) -> list[str]:
    """The keys the schema allows in the table at `path` (for 'did you mean')."""
    annotation: Any = PolicyDocument
    for part in path:
        annotation = _strip_optional(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(str(part))
            if field is None:
                return []
            annotation = field.annotation
        elif get_origin(annotation) in (dict, list):
            annotation = get_args(annotation)[-1]
        else:
            return []
    annotation = _strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, UnionType):
        options = [a for a in get_args(annotation) if a is not NoneType]
        return options[0] if len(options) == 1 else annotation
    if get_origin(annotation) is Annotated:
        return get_args(annotation)[0]
    return annotation


def _unique(problems: Sequence[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))
