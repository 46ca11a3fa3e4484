"""The [sla] section: the warning threshold, when clocks start, the auto-close timers
([sla.auto_close]) and the promises ([[sla.targets]]) — sla.SlaSettings and sla.SlaTarget rows.

Durations are business time written as the `tiquetera calendar` command reads them: minutes
("90", "60m") or hours ("24h", "1h30m"); each target counts on a calendar of the policy (its
default calendar when `calendar` is left out). A target applies to the cases of its
`case_type`, `severity` and `plan` ("" any; plan "none": cases that took no plan's ticket); the
most specific wins: type and plan, then type, then plan, then severity, then the general one.

When a clock of a target reaches its warning time and its due time, the sweep runs the target's
`on_warning` and `on_breach` actions in order: "notify" (the default, and all most presets
need), "raise_severity" (the policy's next more urgent severity) and "reassign" (to the case's
team lead, `reassign_to = "lead"`, or to the least-loaded agent of the team `reassign_to`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Literal

from django.utils.translation import gettext as _
from pydantic import Field

from tiquetera.calendars.durations import DurationError, parse_minutes
from tiquetera.policy.fields import Strict
from tiquetera.policy.problems import FieldPath, Problem

from .intake import CODE

_TEAM = re.compile(r"[-a-zA-Z0-9_]{1,50}")

METRICS = ("first_response", "assignment", "resolution", "progress_update")
MAX_MINUTES = 100_000 * 60  # 100,000 business hours: far beyond any promise, inside the column
MAX_ATTEMPTS = 32767  # a PositiveSmallIntegerField

Metric = Literal["first_response", "assignment", "resolution", "progress_update"]
Action = Literal["notify", "raise_severity", "reassign"]
LEAD = "lead"  # reassign_to: the case's team lead
NO_PLAN = "none"  # a target's plan: the cases that took no plan's ticket


def _notify_only() -> list[Action]:
    return ["notify"]


class AutoCloseSpec(Strict):
    """Seed 004: close a case waiting on the client for `waiting` business time ("" never) or
    after `failed_attempts` failed contact attempts (0 never), on `calendar` ("" the default)."""

    waiting: str = ""
    failed_attempts: int = 0
    calendar: str = ""


class TargetSpec(Strict):
    metric: Metric
    case_type: str = ""  # "": any type
    severity: str = ""
    plan: str = ""
    within: str
    calendar: str = ""  # "": the policy's default calendar
    # what the sweep does at the warning and at the breach, in order (sla/escalation.py)
    on_warning: list[Action] = Field(default_factory=_notify_only)
    on_breach: list[Action] = Field(default_factory=_notify_only)
    reassign_to: str = ""  # "lead" or a team's identifier, for the "reassign" action

    @property
    def minutes(self) -> int:
        """The business minutes of `within` (call only on a checked file)."""
        return parse_minutes(self.within)

    def key(self) -> tuple[str, str, str, str]:
        return (self.metric, self.case_type, self.severity, self.plan)


class SlaSpec(Strict):
    warn_at: int = 80  # percent of the target
    start_on_verification: bool = False
    pause_for_rd: bool = False  # seed 004: R&D's fix date pauses the resolution clock
    auto_close: AutoCloseSpec = Field(default_factory=AutoCloseSpec)
    targets: list[TargetSpec] = Field(default_factory=list)

    def settings_are_defaults(self) -> bool:
        """Whether everything but the targets is as the file's defaults (then no settings row)."""
        return self.model_copy(update={"targets": []}) == SlaSpec()


def minutes_text(minutes: int) -> str:
    """90 -> "1h30m", 1440 -> "24h", 10 -> "10m": how the file writes business minutes."""
    hours, rest = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{rest}m" if rest or not hours else "")


# --- checks ------------------------------------------------------------------------------------
def sla_problems(
    sla: SlaSpec,
    *,
    calendars: Mapping[str, object],
    severities: Mapping[str, object],
    plans: Mapping[str, object],
    case_types: Mapping[str, object] | None = None,
) -> Iterator[Problem]:
    """What the database rows and the clocks rely on: durations above zero, known calendars,
    case types, severities and plans, and one target per metric, type, severity and plan."""
    if not 1 <= sla.warn_at <= 100:
        yield Problem(
            ("sla", "warn_at"),
            _("“%(value)s” is not a percentage of the target from 1 to 100.")
            % {"value": sla.warn_at},
        )
    close = sla.auto_close
    at: FieldPath = ("sla", "auto_close")
    if close.waiting:
        yield from _duration_problems(close.waiting, (*at, "waiting"))
    if not 0 <= close.failed_attempts <= MAX_ATTEMPTS:
        yield Problem(
            (*at, "failed_attempts"),
            _("“%(value)s” is not a number of attempts: write 0 (never) to %(max)s.")
            % {"value": close.failed_attempts, "max": MAX_ATTEMPTS},
        )
    yield from _calendar_problems(close.calendar, calendars, (*at, "calendar"))
    if close.waiting and not close.calendar and not calendars:
        yield Problem((*at, "waiting"), _no_calendar())
    seen: set[tuple[str, str, str, str]] = set()
    for index, target in enumerate(sla.targets):
        at = ("sla", "targets", index)
        yield from _duration_problems(target.within, (*at, "within"))
        if target.severity and not CODE.fullmatch(target.severity):
            yield Problem((*at, "severity"), _not_a_code(target.severity))
        elif severities and target.severity and target.severity not in severities:
            yield Problem(
                (*at, "severity"),
                _("“%(value)s” is not one of the policy's [severities].")
                % {"value": target.severity},
            )
        if target.case_type and target.case_type not in (case_types or {}):
            yield Problem(
                (*at, "case_type"),
                _("“%(value)s” is not one of the policy's [case_types].")
                % {"value": target.case_type},
            )
        if target.plan == NO_PLAN and NO_PLAN in plans:
            yield Problem(
                (*at, "plan"),
                _(
                    "“none” means the cases that took no plan's ticket, but a plan is called "
                    "“none” too: rename that plan."
                ),
            )
        elif target.plan and target.plan != NO_PLAN and target.plan not in plans:
            yield Problem(
                (*at, "plan"),
                _("“%(value)s” is not one of the policy's [plans], nor “none” (no plan).")
                % {"value": target.plan},
            )
        yield from _calendar_problems(target.calendar, calendars, (*at, "calendar"))
        if not target.calendar and not calendars:
            yield Problem((*at, "within"), _no_calendar())
        yield from _action_problems(target, at, severities)
        if target.key() in seen:
            yield Problem(
                at,
                _(
                    "A target above already has this metric, case type, severity and plan: keep "
                    "one of them."
                ),
            )
        seen.add(target.key())


def _action_problems(
    target: TargetSpec, at: FieldPath, severities: Mapping[str, object]
) -> Iterator[Problem]:
    """Each action once; "reassign" with somebody to reassign to (and only then); "raise_severity"
    with a more urgent severity to raise to."""
    for key in ("on_warning", "on_breach"):
        seen: set[str] = set()
        for index, action in enumerate(getattr(target, key)):
            if action in seen:
                yield Problem(
                    (*at, key, index), _("“%(value)s” is listed twice.") % {"value": action}
                )
            seen.add(action)
    actions: set[str] = {*target.on_warning, *target.on_breach}
    if "reassign" in actions and not target.reassign_to:
        yield Problem(
            (*at, "reassign_to"),
            _(
                'The action “reassign” needs reassign_to: "lead" (the team lead of the case) or '
                "the identifier of a team."
            ),
        )
    elif target.reassign_to and "reassign" not in actions:
        yield Problem(
            (*at, "reassign_to"),
            _(
                "reassign_to is only used by the action “reassign”: add it to on_breach or "
                "on_warning, or leave reassign_to out."
            ),
        )
    elif (
        target.reassign_to
        and target.reassign_to != LEAD
        and not _TEAM.fullmatch(target.reassign_to)
    ):
        yield Problem(
            (*at, "reassign_to"),
            _(
                "“%(value)s” is neither “lead” nor a team's identifier (letters, digits, hyphens "
                "and underscores, at most 50)."
            )
            % {"value": target.reassign_to},
        )
    if "raise_severity" in actions:
        ranks = {code: getattr(spec, "rank", 0) for code, spec in severities.items()}
        if not ranks:
            yield Problem(
                at,
                _("The action “raise_severity” needs the policy's [severities] to raise cases to."),
            )
        elif target.severity in ranks and min(ranks.values()) >= ranks[target.severity]:
            yield Problem(
                (*at, "severity"),
                _(
                    "%(value)s is already the most urgent severity: the action “raise_severity” "
                    "has nothing to raise its cases to."
                )
                % {"value": target.severity},
            )


def _duration_problems(text: str, path: FieldPath) -> Iterator[Problem]:
    try:
        minutes = parse_minutes(text)
    except DurationError as error:  # its message is already in plain words
        yield Problem(path, str(error))
        return
    if minutes <= 0:
        yield Problem(path, _("A business time must be longer than zero, such as 60m or 24h."))
    elif minutes > MAX_MINUTES:
        yield Problem(
            path,
            _("“%(value)s” is too long: at most %(max)s hours.")
            % {"value": text, "max": MAX_MINUTES // 60},
        )


def _calendar_problems(
    key: str, calendars: Mapping[str, object], path: FieldPath
) -> Iterator[Problem]:
    if key and key not in calendars:
        yield Problem(
            path, _("“%(value)s” is not one of the policy's [calendars].") % {"value": key}
        )


def _not_a_code(value: str) -> str:
    return _(
        "“%(value)s” is not a severity or priority code such as S3 or P1: a capital letter, "
        "then capital letters or digits (at most 8)."
    ) % {"value": value}


def _no_calendar() -> str:
    return _("Business time needs a calendar: declare one under [calendars].")
