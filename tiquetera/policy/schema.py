"""The policy file: its schema, and every check that runs before anything touches the database.

Pure Python (tomllib, pydantic, the business-time engine): no Django models, so a file can be
checked anywhere. `parse_policy(text, filename)` returns a `PolicyDocument` or raises
`PolicyFileError` listing every problem with its file, line and field path, in plain words.

Checking runs in two steps: the pydantic models check the shape (keys, types; an unknown key is
an error), then each section's `problems()` checks the meaning (time zones, countries, intervals,
one default calendar ...), building the engine exactly as the database rows will.

A new section (sla, plans, ...) is a module in `sections/` (its schema class and its checks, as
`sections/calendars.py`), a field on `PolicyDocument` (and its problems in
`PolicyDocument.problems`), and a loader/exporter pair registered in `services.SECTIONS`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from pydantic import Field, ValidationError

from .fields import (
    SLUG,
    Country,
    EffectiveFrom,
    Language,
    Slug,
    Strict,
    country_problems,
    time_zone_problems,
)
from .locate import Locator
from .problems import PolicyFileError, Problem, shape_problem, syntax_problem, unique
from .sections.assignment import AssignmentSpec, assignment_problems
from .sections.calendars import CalendarSpec, calendars_problems
from .sections.extra_services import ExtraServiceSpec, extra_services_problems
from .sections.intake import (
    CaseTypeSpec,
    DeskSpec,
    FieldSpec,
    ScopeSpec,
    SeveritySpec,
    intake_problems,
)
from .sections.plans import PlanSpec, plans_problems, plans_warnings
from .sections.sla import SlaSpec, sla_problems

FORMAT = 1
PRESETS_DIR = Path(__file__).resolve().parent / "presets"


# --- [policy] ----------------------------------------------------------------------------------
class PolicySpec(Strict):
    slug: Slug
    name: str = Field(min_length=1, max_length=200)
    country: Country = ""
    time_zone: str = Field(max_length=64)
    language: Language = "es"
    description: str = ""
    # when the file's rules take over from the loaded ones; None: as soon as it is loaded
    effective_from: EffectiveFrom | None = None

    def problems(self) -> Iterator[Problem]:
        yield from time_zone_problems(self.time_zone, ("policy", "time_zone"))
        yield from country_problems(self.country, "", ("policy", "country"), ())

    def effective_moment(self) -> dt.datetime | None:
        """`effective_from` as an instant: a date is its midnight, a date-time without an
        offset its time, both in the policy's time zone (checked before this is asked)."""
        value = self.effective_from
        if value is None:
            return None
        if not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo(self.time_zone))
        return value


# --- the whole file ----------------------------------------------------------------------------
class PolicyDocument(Strict):
    """A whole policy file. Each field after `policy` is a section (see `services.SECTIONS`)."""

    format: Literal[1]
    policy: PolicySpec
    calendars: dict[str, CalendarSpec] = Field(default_factory=dict)
    plans: dict[str, PlanSpec] = Field(default_factory=dict)
    services: dict[str, ExtraServiceSpec] = Field(default_factory=dict)
    desk: DeskSpec = Field(default_factory=DeskSpec)
    severities: dict[str, SeveritySpec] = Field(default_factory=dict)
    fields: dict[str, FieldSpec] = Field(default_factory=dict)
    case_types: dict[str, CaseTypeSpec] = Field(default_factory=dict)
    scope: dict[str, ScopeSpec] = Field(default_factory=dict)
    # each entry is checked against its rule's schema in `problems` (sections/intake.RULES)
    intake: list[dict[str, Any]] = Field(default_factory=list)
    sla: SlaSpec = Field(default_factory=SlaSpec)
    assignment: AssignmentSpec = Field(default_factory=AssignmentSpec)

    def problems(self) -> Iterator[Problem]:
        """What is wrong with the file's meaning (its shape is already right)."""
        yield from self.policy.problems()
        yield from calendars_problems(self.calendars, self.policy)
        yield from plans_problems(self.plans)
        yield from extra_services_problems(self.services)
        yield from intake_problems(
            desk=self.desk,
            severities=self.severities,
            fields=self.fields,
            case_types=self.case_types,
            scope=self.scope,
            intake=self.intake,
            plan_severities={key: plan.severities for key, plan in self.plans.items()},
            calendars=self.calendars,
            plan_rules={key: plan.when_exhausted for key, plan in self.plans.items()},
        )
        yield from sla_problems(
            self.sla,
            calendars=self.calendars,
            severities=self.severities,
            plans=self.plans,
            case_types=self.case_types,
        )
        yield from assignment_problems(self.assignment, calendars=self.calendars)

    def warnings(self) -> Iterator[Problem]:
        """What is allowed but probably a mistake (`policy check` shows it, loading goes on)."""
        yield from plans_warnings(self.plans)

    @property
    def default_calendar(self) -> str:
        return next(key for key, calendar in self.calendars.items() if calendar.default)


# --- reading -----------------------------------------------------------------------------------
def parse_policy(text: str, filename: str = "<policy>") -> PolicyDocument:
    """The document in `text`, checked in shape and meaning; raises `PolicyFileError`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyFileError(filename, [syntax_problem(error)]) from None
    try:
        document = PolicyDocument.model_validate(data)
    except ValidationError as error:
        problems = [
            shape_problem(detail, PolicyDocument) for detail in error.errors(include_url=False)
        ]
    else:
        problems = list(document.problems())
    if problems:
        locator = Locator(text)
        located = [Problem(p.path, p.message, locator.line(p.path)) for p in unique(problems)]
        raise PolicyFileError(filename, sorted(located, key=lambda p: p.line or 0))
    return document


@dataclass(frozen=True)
class PolicyFile:
    """A checked policy file, with where it came from."""

    document: PolicyDocument
    filename: str  # as shown in messages
    source: str  # as stored on the policy: 'preset:jq-systems' or the file's absolute path
    warnings: tuple[Problem, ...] = ()  # located, as problems are
    text: str = ""  # the file as read, kept with its revision

    def line(self, path: tuple[str, ...]) -> int | None:
        """The line of `path` in the file's text."""
        return Locator(self.text).line(path)


def preset_names() -> list[str]:
    return sorted(path.stem for path in PRESETS_DIR.glob("*.toml"))


def is_preset_name(ref: str) -> bool:
    """A bare name ('jq-systems') names a preset; anything with a slash or .toml is a path."""
    return bool(SLUG.fullmatch(ref))


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
    document = parse_policy(text, filename)
    locator = Locator(text)
    warnings = tuple(Problem(w.path, w.message, locator.line(w.path)) for w in document.warnings())
    return PolicyFile(document, filename, source[:200], warnings, text)
