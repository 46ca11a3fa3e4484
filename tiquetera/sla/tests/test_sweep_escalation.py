"""The sweep runs a target's escalation actions once per breach (or warning): raising the case to
the next more urgent severity, reassigning it to the team lead or to another team, then telling
people — or only telling them, when the target asks for nothing more (issue 5: "runs the
policy's escalation actions: notify the assignee and the team lead, raise priority, reassign.
The sweep is idempotent (running it twice notifies once)")."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.audit.models import AuditEvent
from tiquetera.directory.models import Agent
from tiquetera.sla.models import Clock, Metric, SlaTarget
from tiquetera.sla.sweep import SweepCounts, sweep
from tiquetera.sla.tests.sla_world import bogota, clock, jq_case
from tiquetera.sla.tests.test_sweep_breach import (
    ASSIGNEE,
    LEAD,
    MINUTE,
    NOW,
    emails,
    running_clock,
)
from tiquetera.testing.factories import AgentProfileFactory, TeamFactory
from tiquetera.tickets.models import Case, Severity
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def escalating_clock(
    *,
    on_breach: list[str] | None = None,
    on_warning: list[str] | None = None,
    reassign_to: str = "",
    severity: str = "S1",
    **fields,
) -> Clock:
    """A running clock (test_sweep_breach.running_clock) whose target has these actions, on a
    case of `severity` under a policy with JQ Systems' three severities."""
    clock = running_clock(**fields)
    policy = clock.case.policy
    ranks = {"S3": 1, "S2": 2, "S1": 3}
    for code, rank in ranks.items():
        Severity.objects.create(policy=policy, code=code, name=code, priority=code, rank=rank)
    Case.objects.filter(pk=clock.case_id).update(severity=severity, severity_rank=ranks[severity])
    clock.target = SlaTarget.objects.create(
        policy=policy,
        metric=clock.metric,
        minutes=clock.target_minutes,
        calendar=clock.calendar,
        on_breach=on_breach if on_breach is not None else ["notify"],
        on_warning=on_warning if on_warning is not None else ["notify"],
        reassign_to=reassign_to,
    )
    clock.save(update_fields=["target"])
    return clock


def events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("pk"))


def test_a_breach_raises_the_case_to_the_next_more_urgent_severity_once():
    clock = escalating_clock(due_at=NOW - MINUTE, on_breach=["notify", "raise_severity"])

    first, second = sweep(NOW), sweep(NOW + MINUTE)

    assert (first.breached, second) == (1, SweepCounts())
    case = Case.objects.get(pk=clock.case_id)
    assert (case.severity, case.severity_rank) == ("S2", 2)  # one step: S1 → S2, not S3
    assert case.priority == "P3"  # the quota its ticket came from is kept
    [event] = events("case.severity_raised")
    assert (event.before, event.after) == (
        {"severity": "S1", "severity_rank": 3},
        {"severity": "S2", "severity_rank": 2},
    )
    assert event.actor_id is None
    assert len(emails("sla_breach")) == 2  # "notify" is still in the list


def test_the_breach_event_comes_before_what_it_caused():
    escalating_clock(due_at=NOW - MINUTE, on_breach=["raise_severity"])

    sweep(NOW)

    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs == ["case.sla_breached", "case.severity_raised"]


def test_the_most_urgent_severity_is_not_raised_further():
    clock = escalating_clock(
        due_at=NOW - MINUTE, on_breach=["notify", "raise_severity"], severity="S3"
    )

    sweep(NOW)

    assert Case.objects.get(pk=clock.case_id).severity == "S3"
    assert events("case.severity_raised") == []


def test_a_breach_reassigns_the_case_to_its_team_lead_who_is_then_told():
    clock = escalating_clock(
        due_at=NOW - MINUTE, on_breach=["reassign", "notify"], reassign_to="lead"
    )
    lead = Agent.objects.get(user__email=LEAD)

    sweep(NOW)
    sweep(NOW + MINUTE)

    case = Case.objects.get(pk=clock.case_id)
    assert case.assignee_id == lead.user_id
    [event] = events("case.assigned")
    assert event.after == {"assignee": lead.user_id}
    assert emails("sla_breach") == [LEAD]  # the new assignee, who is also the lead
    assert ASSIGNEE not in emails("sla_breach")


def test_a_breach_reassigns_the_case_to_the_least_loaded_agent_of_another_team():
    second_line = TeamFactory(key="segundo-nivel")
    busy = AgentProfileFactory(user__email="ocupado@proveedor.co")
    idle = AgentProfileFactory(user__email="libre@proveedor.co")
    for agent in (busy, idle):
        agent.teams.add(second_line)
    CaseFactory(status=Status.IN_PROGRESS, assignee=busy.user)
    clock = escalating_clock(
        due_at=NOW - MINUTE, on_breach=["reassign"], reassign_to="segundo-nivel"
    )

    counts = sweep(NOW)

    case = Case.objects.get(pk=clock.case_id)
    assert (case.team_id, case.assignee_id) == (second_line.pk, idle.user_id)
    assert len(events("case.assigned")) == 1
    assert counts.emails == 0  # no "notify": nobody is emailed about the breach
    assert emails("sla_breach") == []


def test_an_unknown_team_leaves_the_case_where_it_is():
    clock = escalating_clock(due_at=NOW - MINUTE, on_breach=["reassign"], reassign_to="no-existe")
    assignee = Case.objects.get(pk=clock.case_id).assignee_id

    assert sweep(NOW).breached == 1

    assert Case.objects.get(pk=clock.case_id).assignee_id == assignee
    assert events("case.assigned") == []


def test_a_warning_may_raise_the_severity_too():
    clock = escalating_clock(
        due_at=NOW + dt.timedelta(minutes=30),
        warn_at=NOW - MINUTE,
        on_warning=["notify", "raise_severity"],
    )

    counts = sweep(NOW)
    sweep(NOW + MINUTE)

    assert (counts.warned, counts.breached) == (1, 0)
    assert Case.objects.get(pk=clock.case_id).severity == "S2"
    assert len(events("case.severity_raised")) == 1
    assert emails("sla_warning") == [ASSIGNEE]


def test_a_target_that_only_notifies_changes_nothing_and_reads_no_severities():
    clock = escalating_clock(due_at=NOW - MINUTE)

    with CaptureQueriesContext(connection) as queries:
        counts = sweep(NOW)

    assert counts == SweepCounts(breached=1, emails=2)
    case = Case.objects.get(pk=clock.case_id)
    assert (case.severity, case.assignee.email) == ("S1", ASSIGNEE)
    assert events("case.severity_raised") == events("case.assigned") == []
    assert not any("tickets_severity" in query["sql"] for query in queries.captured_queries)


def test_a_clock_whose_target_is_gone_only_notifies():
    clock = running_clock(due_at=NOW - MINUTE)  # no target

    assert sweep(NOW) == SweepCounts(breached=1, emails=2)
    assert events("case.severity_raised") == events("case.assigned") == []
    assert Case.objects.get(pk=clock.case_id).sla_breached


def test_jq_systems_urgency_nobody_took_in_its_hour_goes_to_the_lead():
    """Seed 002: "Asignación del caso de 0 a 60 minutos" for an S3 urgency, which comes before
    any other case; the preset gives an urgency still unassigned at its hour to the lead."""
    AgentProfileFactory(user__email=LEAD, is_vendor_admin=True)
    case = jq_case("urgencia", at=bogota(2026, 7, 14, 10, 0))
    assignment = clock(case, Metric.ASSIGNMENT)
    assert case.assignee_id is None  # nobody has the skill to take it automatically
    lead = Agent.objects.get(user__email=LEAD)

    sweep(assignment.due_at + MINUTE)

    case.refresh_from_db()
    assert case.assignee_id == lead.user_id
    assignment.refresh_from_db()
    assert assignment.state == Clock.State.MET  # assigned, late
    assert assignment.breached_at is not None
    assert emails("sla_breach") == [LEAD]
