"""The [assignment] section: who takes a case when it opens — sla.AssignmentRule and sla.OnCall
rows.

"Assignment" means an agent took the case (its `assignment` SLA clock is met then). Whether the
desk gives a new case to an agent by itself is the policy's choice, per team:

- `auto = "off"`: nobody is given the case; an agent takes it from the queue;
- `auto = "least_loaded"` (the default): the agent with the fewest working cases who knows the
  case's module;
- `auto = "round_robin"`: the agent who was given a case longest ago, in turn.

`shift` names a calendar of the policy: the team's working hours. Auto-assignment picks only
agents on shift; `[assignment.agents]` gives an agent a calendar of their own. Outside the
shift, a case clocked on the calendar of an on-call rota entry (`[[assignment.on_call]]`: an
agent, a calendar, the days from and until) goes to the agent on call; otherwise it waits in
the queue: nobody off shift is given a case. Two rota entries of one calendar may not overlap.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Literal

from django.utils.translation import gettext as _
from pydantic import Field

from tiquetera.policy.fields import Strict
from tiquetera.policy.problems import FieldPath, Problem

Mode = Literal["off", "least_loaded", "round_robin"]
_TEAM = re.compile(r"[-a-zA-Z0-9_]{1,50}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class TeamAssignmentSpec(Strict):
    auto: Mode | None = None  # None: the section's `auto`
    shift: str = ""  # "": the section's `shift`


class OnCallSpec(Strict):
    agent: str  # the agent's email
    calendar: str  # the hours this rota covers (JQ: "extended")
    from_: dt.date = Field(alias="from")
    until: dt.date


class AssignmentSpec(Strict):
    auto: Mode = "least_loaded"
    shift: str = ""  # "": always on shift
    teams: dict[str, TeamAssignmentSpec] = Field(default_factory=dict)
    agents: dict[str, str] = Field(default_factory=dict)  # email -> the agent's own calendar
    on_call: list[OnCallSpec] = Field(default_factory=list)

    def is_default(self) -> bool:
        return self == AssignmentSpec()


def assignment_problems(
    spec: AssignmentSpec, *, calendars: Mapping[str, object]
) -> Iterator[Problem]:
    """Known calendars, team identifiers and emails; a rota entry's days in order; no two rota
    entries of one calendar on the same day."""
    yield from _calendar(spec.shift, calendars, ("assignment", "shift"))
    for key, team in spec.teams.items():
        at: FieldPath = ("assignment", "teams", key)
        if not _TEAM.fullmatch(key):
            yield Problem(
                at,
                _("“%(value)s” is not a team's identifier (letters, digits, - and _, at most 50).")
                % {"value": key},
            )
        yield from _calendar(team.shift, calendars, (*at, "shift"))
    for email, calendar in spec.agents.items():
        at = ("assignment", "agents", email)
        if not _EMAIL.fullmatch(email):
            yield Problem(at, _("“%(value)s” is not an email address.") % {"value": email})
        yield from _calendar(calendar, calendars, at)
    for index, entry in enumerate(spec.on_call):
        at = ("assignment", "on_call", index)
        if not _EMAIL.fullmatch(entry.agent):
            yield Problem(
                (*at, "agent"), _("“%(value)s” is not an email address.") % {"value": entry.agent}
            )
        yield from _calendar(entry.calendar, calendars, (*at, "calendar"))
        if entry.until < entry.from_:
            yield Problem((*at, "until"), _("The rota entry ends before it starts."))
        for other_index, other in enumerate(spec.on_call[:index]):
            if other.calendar == entry.calendar and (
                other.from_ <= entry.until and entry.from_ <= other.until
            ):
                yield Problem(
                    (*at, "from"),
                    _(
                        "This on-call shift overlaps shift %(other)s of the same calendar "
                        "(%(from)s to %(until)s): one agent is on call at a time."
                    )
                    % {"other": other_index + 1, "from": other.from_, "until": other.until},
                )


def _calendar(key: str, calendars: Mapping[str, object], path: FieldPath) -> Iterator[Problem]:
    if key and key not in calendars:
        yield Problem(
            path, _("“%(value)s” is not one of the policy's [calendars].") % {"value": key}
        )
