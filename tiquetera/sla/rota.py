"""Who may be given a case at a moment: the policy's [assignment] rules, shifts and on-call rota
(`sla.AssignmentRule`, `sla.AgentShift`, `sla.OnCall`), read once per policy revision.

`tickets.lifecycle.assignment.choose_assignee` asks `plan_for(case, team_key, at)`: the mode to
use when the case's team is on shift (and which agents are off their own shift), or the email
of the agent on call when it is not. Business time is the calendars engine's (`engine_for`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.policy.cache import cached

from .models import AgentShift, AssignmentMode, AssignmentRule, OnCall


@dataclass(frozen=True)
class _Rules:
    rules: dict[str, AssignmentRule]  # by team key; "" the policy's own
    shifts: dict[str, Calendar]  # agents' own calendars, by email
    rota: list[OnCall]

    @cached_property
    def calendars(self) -> dict[int, Calendar]:
        """The agents' calendars, each once (agents share them): asked once a case."""
        return {calendar.pk: calendar for calendar in self.shifts.values()}


def _rules(policy_id: int) -> _Rules:
    def load(policy_id: int) -> _Rules:
        rules = AssignmentRule.objects.filter(policy_id=policy_id).select_related("shift")
        shifts = AgentShift.objects.filter(policy_id=policy_id).select_related("calendar")
        rota = OnCall.objects.filter(policy_id=policy_id).select_related("calendar")
        return _Rules(
            {rule.team: rule for rule in rules},
            {shift.email.casefold(): shift.calendar for shift in shifts},
            list(rota),
        )

    return cached(policy_id, "assignment", load)


@dataclass(frozen=True)
class Plan:
    """What auto-assignment may do with a case at one moment."""

    mode: str  # AssignmentMode; OFF when nobody may be given the case
    off_shift: frozenset[str] = field(default_factory=frozenset)  # emails: skip these agents
    on_call: str = ""  # off the team's shift: the email of the agent on call ("" nobody)
    on_shift: bool = True  # the team's shift is open (or it has none)


def plan_for(
    policy_id: int, team: str, at: dt.datetime, clocked_on: Callable[[], set[int]]
) -> Plan:
    """The plan for a case of `team` ("" none) arriving at `at` whose SLA clocks run on the
    calendars `clocked_on()` (their ids; asked only off shift). On shift (or no shift): the
    team's mode, without the agents whose own calendar is closed. Off shift: the agent on call
    for a rota calendar the case is clocked on that is open at `at`, else nobody."""
    found = _rules(policy_id)
    rule = found.rules.get(team) or found.rules.get("")
    mode = rule.mode if rule is not None else AssignmentMode.LEAST_LOADED
    shift = rule.shift if rule is not None else None
    if shift is None or engine_for(shift).is_open(at):
        closed = {
            pk for pk, calendar in found.calendars.items() if not engine_for(calendar).is_open(at)
        }
        off = frozenset(email for email, calendar in found.shifts.items() if calendar.pk in closed)
        return Plan(mode, off)
    on_call = on_call_at(policy_id, at, clocked_on())
    return Plan(AssignmentMode.OFF, on_call=on_call, on_shift=False)


def shifts_of(policy_id: int, team: str, email: str) -> tuple[Calendar | None, Calendar | None]:
    """The agent's own shift (None when they have none) and the shift of `team` ("" none; the
    policy's general rule when the team has no rule of its own; None when always on shift)."""
    found = _rules(policy_id)
    rule = found.rules.get(team) or found.rules.get("")
    return found.shifts.get(email.casefold()), rule.shift if rule is not None else None


def on_call_at(policy_id: int, at: dt.datetime, calendars: set[int]) -> str:
    """The email of the agent on call at `at` for one of `calendars` that is open then."""
    for entry in _rules(policy_id).rota:
        if entry.calendar_id not in calendars:
            continue
        engine = engine_for(entry.calendar)
        day = at.astimezone(engine.tz).date()
        if entry.starts <= day <= entry.ends and engine.is_open(at):
            return entry.email
    return ""
