"""Who works on a case: its team and its agent, chosen by hand or by skill and load.

Seed 000 (ISYS) promises to "designar a la persona calificada para resolverlo": `auto_assign`
picks, in the case's team, an active agent who knows the case's module, the least loaded first
(or in turn, or nobody: the policy's [assignment], `sla.rota`), among the agents on shift.
An SLA escalation may move a late case to its team lead or to another team
(`escalate_assignment`).
"""

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from tiquetera.audit.services import backdated, changes, record
from tiquetera.directory.models import Agent, Team
from tiquetera.sla.models import LEAD, AssignmentMode, Metric
from tiquetera.sla.rota import Plan, plan_for
from tiquetera.sla.services import meet, targets_for

from ..catalogue import catalogue
from ..errors import TicketsError
from ..models import Case
from ..notify import notify_requester
from ..statuses import FINAL, Status
from ._shared import Actor, copy_back, ensure_not_final, lock


def assign(
    case: Case,
    *,
    team: Team | None = None,
    agent: Agent | None = None,
    actor: Actor,
    at: dt.datetime | None = None,
) -> Case:
    """Give the case to `team` and/or `agent` (a team or agent not given stays as it is).

    The status never changes (an open case stays open). The agent must be active, and a member
    of `team` when both are given. Moving the case to a team its assignee is not in, without
    naming an agent, leaves it unassigned in that team's queue. Writes one "case.assigned" event
    with the team and assignee before and after, and queues the requester's "assigned" email
    when an agent is newly assigned. Nothing changes: nothing written. TicketsError
    "nothing_to_assign", "agent_inactive", "agent_not_in_team", "case_final" (nothing written).
    `at`: when it was assigned (default now), for the assignment clock and the event's time.
    """
    if team is None and agent is None:
        raise TicketsError("nothing_to_assign")
    if agent is not None:
        if not (agent.is_active and agent.user.is_active):
            raise TicketsError("agent_inactive", agent=str(agent))
        if team is not None and not agent.teams.filter(pk=team.pk).exists():
            raise TicketsError("agent_not_in_team", agent=str(agent), team=team.name)
    with transaction.atomic(), backdated(at):
        locked = lock(case)
        ensure_not_final(locked)
        before = {"team": locked.team_id, "assignee": locked.assignee_id}
        if team is not None and team.pk != locked.team_id:
            locked.team = team
            if agent is None and not _member(locked.assignee_id, team):
                locked.assignee = None  # moved to a team its agent is not in: back to its queue
        if agent is not None:
            locked.assignee = agent.user
        before, after = changes(before, {"team": locked.team_id, "assignee": locked.assignee_id})
        if not after:
            return case
        locked.save(update_fields=["team", "assignee", "updated_at"])
        record(actor=actor, verb="case.assigned", target=locked, before=before, after=after)
        if "assignee" in after and agent is not None:
            notify_requester(locked, "assigned", {"agent_name": str(agent)})
            meet(locked, Metric.ASSIGNMENT, at=at or timezone.now())  # the SLA clock
    copy_back(case, locked, "team", "assignee")
    return case


def auto_assign(case: Case, *, actor: Actor = None) -> Case:
    """Give an unassigned case a team and an agent by the policy's routing.

    The team is the case's, else its case type's (`CaseType.team`, by policy and key). The
    agent is, among the team's active agents (all active agents when there is no team), one
    whose skills include the case's module (`fields["module"]`, ignoring case; any agent when
    the case names no module): the fewest working cases (open, in progress, waiting on the
    client, escalated to R&D) first, then the oldest agent. Nobody fits: the case keeps no
    assignee (the team is still set). A case that already has an assignee is left as it is.
    Writes through `assign`: one event at most.
    """
    if case.assignee_id is not None:
        return case
    team, agent = choose_assignee(case)
    if agent is None and (team is None or team.pk == case.team_id):
        return case
    return assign(case, team=team if team != case.team else None, agent=agent, actor=actor)


Pick = Callable[[Case, Team | None, Plan], Agent | None]


def choose_assignee(
    case: Case, plan_key: str | None = None, pick: Pick | None = None
) -> tuple[Team | None, Agent | None]:
    """The team and agent `auto_assign` gives the case, nothing written (the intake pipeline
    writes them with the new case). The policy's [assignment] decides (`sla.rota`): with the
    team on shift, its mode — off (no agent: someone takes it from the queue), least loaded or
    round robin — among the agents on shift; off shift, the agent on call for a calendar the
    case's SLA clocks run on, else nobody. `plan_key`: the key of the plan the case consumed
    ("" none), when the caller knows it (None: read from the case's consumption); `pick`: who
    picks the agent under the rota's plan (`pick_agent`, the database; the simulator's replay
    remembers its picks)."""
    team = case.team
    if team is None:
        case_type = catalogue(case.policy_id).case_types.get(case.case_type)
        team = case_type.team if case_type is not None else None
    # a case being taken in is judged as it arrived; one already stored (let in later) now
    at = case.created_at if case.pk is None and case.created_at else timezone.now()
    plan = _plan(case, team, at, plan_key)
    return team, (pick or pick_agent)(case, team, plan)


def pick_agent(case: Case, team: Team | None, plan: Plan) -> Agent | None:
    """The agent the rota's `plan` gives the case in `team`: the one on call off shift, nobody
    when the mode is off, else the best one on shift (`_best_agent`)."""
    if plan.on_call:
        return _on_call_agent(plan.on_call)
    if plan.mode == AssignmentMode.OFF:
        return None
    return _best_agent(case, team, plan)


def escalate_assignment(
    case: Case, *, to: str, actor: Actor = None, at: dt.datetime | None = None
) -> Case:
    """An SLA escalation's "reassign" (`sla/escalation.py`): give the case to its team's lead
    (`to` = "lead": the least-loaded active vendor administrator of the case's team — of the
    whole vendor while the case has no team) or to the team whose identifier is `to` — its
    least-loaded agent who knows the case's module, else its least-loaded agent, else its queue
    unassigned. Only agents on shift: while the case's team is off shift (the policy's
    [assignment]) at `at` (default now) it goes to the agent on call, or stays where it is.

    Writes through `assign`: one "case.assigned" event, none when the case already sits there or
    there is nobody to give it to (no lead, no such team). A final case is left alone.
    """
    if Status(case.status) in FINAL:
        return case
    target_team = case.team if to == LEAD else Team.objects.filter(key=to).first()
    plan = _plan(case, target_team, at or timezone.now())
    if not plan.on_shift:
        on_call = _on_call_agent(plan.on_call) if plan.on_call else None
        return assign(case, agent=on_call, actor=actor) if on_call is not None else case
    if to == LEAD:
        leads = Agent.objects.filter(is_vendor_admin=True, is_active=True, user__is_active=True)
        if case.team_id is not None:
            leads = leads.filter(teams=case.team_id)
        lead = _least_loaded(_on_shift(leads, plan)).first()
        return assign(case, agent=lead, actor=actor) if lead is not None else case
    if target_team is None:
        return case
    members = Agent.objects.filter(teams=target_team, is_active=True, user__is_active=True)
    agent = _best_agent(case, target_team, plan) or _least_loaded(_on_shift(members, plan)).first()
    return assign(case, team=target_team, agent=agent, actor=actor)


def _plan(case: Case, team: Team | None, at: dt.datetime, plan_key: str | None = None) -> Plan:
    """The policy's [assignment] plan for the case in `team` at `at` (`sla.rota.plan_for`)."""

    def clocked_on() -> set[int]:
        return {target.calendar_id for target in targets_for(case, plan_key).values()}

    return plan_for(case.policy_id, team.key if team is not None else "", at, clocked_on)


def _member(user_id: int | None, team: Team) -> bool:
    return user_id is not None and Agent.objects.filter(user_id=user_id, teams=team).exists()


def _on_call_agent(email: str) -> Agent | None:
    """The active agent with `email` (the rota names agents by email)."""
    agents = Agent.objects.filter(user__email__iexact=email, is_active=True, user__is_active=True)
    return agents.select_related("user").first()


def _best_agent(case: Case, team: Team | None, plan: Plan | None = None) -> Agent | None:
    agents = Agent.objects.filter(is_active=True, user__is_active=True)
    if team is not None:
        agents = agents.filter(teams=team)
    if plan is not None:
        agents = _on_shift(agents, plan)
    ordered = _least_loaded(agents)
    if plan is not None and plan.mode == AssignmentMode.ROUND_ROBIN:
        ordered = _in_turn(agents)
    module = _folded(case.fields.get("module") if isinstance(case.fields, dict) else None)
    if not module:
        return ordered.first()
    # skills are read as plain values, and only the agent chosen is loaded (with its user)
    for pk, skills in ordered.values_list("pk", "skills"):
        if module in {_folded(skill) for skill in skills or []}:
            return _least_loaded(Agent.objects.filter(pk=pk)).get()
    return None


def _on_shift(agents: QuerySet[Agent], plan: Plan) -> QuerySet[Agent]:
    """`agents` without those whose own calendar is closed (`Plan.off_shift`)."""
    for email in plan.off_shift:
        agents = agents.exclude(user__email__iexact=email)
    return agents


def _least_loaded(agents: QuerySet[Agent]) -> QuerySet[Agent]:
    """`agents` with their users, the fewest working cases first, then the oldest agent."""
    return agents.select_related("user").order_by("working_cases", "pk")


def _in_turn(agents: QuerySet[Agent]) -> QuerySet[Agent]:
    """`agents` in turn: the one whose latest case (as assignee) is oldest first, one who never
    had a case before all, then the oldest agent."""
    latest = Max("user__assigned_cases__created_at")
    return (
        agents.select_related("user")
        .annotate(latest=latest)
        .order_by(F("latest").asc(nulls_first=True), "pk")
    )


def _folded(value: object) -> str:
    return str(value).strip().casefold() if value is not None else ""
