"""Whom the SLA sweep emails about a case at a moment: only people on shift (issue 16: "nobody
off shift is paged").

The sweep names who should hear of a warning or a breach (the assignee, the team's leads);
`paged` keeps those on shift at that moment, by the policy's [assignment] section
(`sla.rota`): an agent with a shift of their own is on shift while that calendar is open, any
other agent while the case's team shift is open (a team without a shift: always). When none of
them is on shift, the agent on call for a calendar the case's clocks run on gets it; when nobody
is on call either, the team's leads are emailed anyway (the vendor's administrators, for a case
without a team) — a breach is never told to nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from tiquetera.calendars.services import engine_for

from .rota import on_call_at, shifts_of


def paged(
    policy_id: int,
    team: str,
    at: dt.datetime,
    wanted: Sequence[str],
    *,
    leads: Callable[[], Sequence[str]],
    clocked_on: Callable[[], set[int]],
) -> list[str]:
    """Of the emails `wanted`, those on shift at `at` for a case of `team` ("" none); else the
    agent on call then for one of the calendars `clocked_on()` (ids, asked only when needed);
    else `leads()` (else `wanted`, so someone hears of it)."""
    on_shift = [email for email in wanted if is_on_shift(policy_id, team, at, email)]
    if on_shift:
        return on_shift
    on_call = on_call_at(policy_id, at, clocked_on())
    if on_call:
        return [on_call]
    return list(leads()) or list(wanted)


def is_on_shift(policy_id: int, team: str, at: dt.datetime, email: str) -> bool:
    """Whether the agent with `email` works at `at`: their own shift when they have one, else
    the shift of `team` (of the policy's general rule when the team has none), else always."""
    own, team_shift = shifts_of(policy_id, team, email)
    calendar = own or team_shift
    return calendar is None or engine_for(calendar).is_open(at)
