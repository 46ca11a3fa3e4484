"""Loading and exporting the [assignment] section to and from the sla app's rows: one
AssignmentRule for the section's own `auto`/`shift` (team "", only when they differ from the
defaults) and one per team, one AgentShift per agent with a calendar of their own, one OnCall
per rota entry (matched by calendar and first day).

Same contract as the other sections (`services.load_policy`): rows saved only when a value
differs, deleted when the file drops them; dump → load changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tiquetera.calendars.models import Calendar
from tiquetera.sla.models import AgentShift, AssignmentMode, AssignmentRule, OnCall

from .models import Policy
from .rows import save_row
from .schema import PolicyDocument

if TYPE_CHECKING:
    from .services import LoadReport


def load_assignment(policy: Policy, document: PolicyDocument, report: LoadReport) -> None:
    """Rules, agents' shifts and the rota; calendars are loaded first (`services.SECTIONS`)."""
    spec = document.assignment
    calendars = {calendar.key: calendar.pk for calendar in Calendar.objects.filter(policy=policy)}
    rules = {row.team: row for row in AssignmentRule.objects.filter(policy=policy)}
    wanted: dict[str, dict[str, Any]] = {}
    if spec.auto != AssignmentMode.LEAST_LOADED or spec.shift:
        wanted[""] = {"mode": spec.auto, "shift_id": calendars.get(spec.shift)}
    for key, team_spec in spec.teams.items():
        shift = team_spec.shift or spec.shift
        wanted[key] = {"mode": team_spec.auto or spec.auto, "shift_id": calendars.get(shift)}
    for key, values in wanted.items():
        save_row(
            AssignmentRule, rules.pop(key, None), values, ref=f"{policy.slug}/{key or '*'}",
            report=report, policy=policy, team=key,
        )  # fmt: skip
    for key, rule in rules.items():
        rule.delete()
        report.add("deleted", AssignmentRule, f"{policy.slug}/{key or '*'}")

    shifts = {row.email: row for row in AgentShift.objects.filter(policy=policy)}
    for email, calendar in spec.agents.items():
        save_row(
            AgentShift, shifts.pop(email, None), {"calendar_id": calendars[calendar]},
            ref=f"{policy.slug}/{email}", report=report, policy=policy, email=email,
        )  # fmt: skip
    for email, shift_row in shifts.items():
        shift_row.delete()
        report.add("deleted", AgentShift, f"{policy.slug}/{email}")

    rota = {(row.calendar_id, row.starts): row for row in OnCall.objects.filter(policy=policy)}
    for entry in spec.on_call:
        calendar_id = calendars[entry.calendar]
        save_row(
            OnCall, rota.pop((calendar_id, entry.from_), None),
            {"email": entry.agent, "ends": entry.until},
            ref=f"{policy.slug}/{entry.calendar} {entry.from_}", report=report,
            policy=policy, calendar_id=calendar_id, starts=entry.from_,
        )  # fmt: skip
    for (_calendar, starts), entry_row in rota.items():
        entry_row.delete()
        report.add("deleted", OnCall, f"{policy.slug}/{starts}")


def export_assignment(policy: Policy) -> dict[str, Any]:
    data: dict[str, Any] = {}
    rules = AssignmentRule.objects.filter(policy=policy).select_related("shift")
    default = next((rule for rule in rules if not rule.team), None)
    auto = default.mode if default is not None else AssignmentMode.LEAST_LOADED
    shift = default.shift.key if default is not None and default.shift is not None else ""
    if auto != AssignmentMode.LEAST_LOADED:
        data["auto"] = auto
    if shift:
        data["shift"] = shift
    teams: dict[str, Any] = {}
    for rule in sorted(rules, key=lambda rule: rule.team):
        if not rule.team:
            continue
        team: dict[str, Any] = {}
        if rule.mode != auto:
            team["auto"] = rule.mode
        team_shift = rule.shift.key if rule.shift is not None else ""
        if team_shift != shift:
            team["shift"] = team_shift
        teams[rule.team] = team
    if teams:
        data["teams"] = teams
    agents = AgentShift.objects.filter(policy=policy).select_related("calendar").order_by("email")
    if agents:
        data["agents"] = {row.email: row.calendar.key for row in agents}
    rota = OnCall.objects.filter(policy=policy).select_related("calendar").order_by("pk")
    if rota:
        data["on_call"] = [
            {
                "agent": row.email,
                "calendar": row.calendar.key,
                "from": row.starts,
                "until": row.ends,
            }
            for row in rota
        ]
    return data
