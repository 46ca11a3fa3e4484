"""Assigning a case: by hand to a team and an agent, or automatically to a qualified agent.

Seed 000 (ISYS): "designar a la persona calificada para resolverlo" — `auto_assign` picks an
active agent of the case's team who knows the case's module, the least loaded first.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.audit.models import AuditEvent
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory, TeamFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.assignment import assign, auto_assign
from tiquetera.tickets.models import Case, CaseType
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def open_case(**kwargs):
    kwargs.setdefault("status", Status.OPEN)
    kwargs.setdefault("requester_email", "ana@hotel.co")
    kwargs.setdefault("requester_name", "Ana Gómez")
    return CaseFactory(**kwargs)


def agent_in(team=None, *, skills=("facturación",), **user):
    profile = AgentProfileFactory(skills=list(skills), user=AgentFactory(**user))
    if team is not None:
        profile.teams.add(team)
    return profile


def test_assigning_an_agent_keeps_an_open_case_open_and_tells_the_requester():
    actor, team = AgentFactory(), TeamFactory(name="Soporte N1")
    agent = agent_in(team, first_name="Luis")
    case = open_case()

    assign(case, team=team, agent=agent, actor=actor)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.team, stored.assignee) == (Status.OPEN, team, agent.user)
    assert (case.team, case.assignee) == (team, agent.user)
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor_id) == ("case.assigned", actor.pk)
    assert event.before == {"team": None, "assignee": None}
    assert event.after == {"team": team.pk, "assignee": agent.user.pk}
    mail = Notification.objects.get()
    assert (mail.kind, mail.to) == ("case_assigned", "ana@hotel.co")
    assert mail.subject.startswith(f"[{case.number}]")
    assert "Luis" in mail.subject


def test_an_inactive_agent_is_refused_and_nothing_is_written():
    agent = agent_in(is_active=True)
    agent.is_active = False
    agent.save()
    case = open_case()

    with pytest.raises(TicketsError) as refused:
        assign(case, agent=agent, actor=None)

    assert refused.value.code == "agent_inactive"
    assert Case.objects.get(pk=case.pk).assignee is None
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


def test_an_agent_outside_the_named_team_is_refused():
    case = open_case()

    with pytest.raises(TicketsError) as refused:
        assign(case, team=TeamFactory(), agent=agent_in(TeamFactory()), actor=None)

    assert refused.value.code == "agent_not_in_team"
    assert not AuditEvent.objects.exists()


def test_nothing_to_assign_is_refused():
    with pytest.raises(TicketsError) as refused:
        assign(open_case(), actor=None)

    assert refused.value.code == "nothing_to_assign"


def test_moving_to_a_team_the_assignee_is_not_in_returns_the_case_to_its_queue():
    first, second = TeamFactory(), TeamFactory()
    agent = agent_in(first)
    case = open_case(team=first, assignee=agent.user)

    assign(case, team=second, actor=None)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.team, stored.assignee, stored.status) == (second, None, Status.OPEN)
    assert AuditEvent.objects.get().after == {"team": second.pk, "assignee": None}
    assert not Notification.objects.exists()  # no one new to introduce to the requester


def test_assigning_what_the_case_already_has_writes_nothing():
    team = TeamFactory()
    agent = agent_in(team)
    case = open_case(team=team, assignee=agent.user)

    assign(case, team=team, agent=agent, actor=None)

    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


def test_a_closed_case_cannot_be_assigned():
    case = open_case(status=Status.CLOSED)

    with pytest.raises(TicketsError) as refused:
        assign(case, agent=agent_in(), actor=None)

    assert refused.value.code == "case_final"
    assert not AuditEvent.objects.exists()


def test_auto_assign_takes_the_team_of_the_case_type_and_an_agent_who_knows_the_module():
    """Seed 000: the case goes to "la persona calificada" — the agent with the module's skill."""
    team = TeamFactory()
    agent_in(team, skills=["nómina"])
    knows_it = agent_in(team, skills=["inventario", "facturación"])
    agent_in(skills=["facturación"])  # qualified, but not in the team
    case = open_case(fields={"module": "facturación"})
    CaseType.objects.create(policy=case.policy, key=case.case_type, name="Soporte", team=team)

    auto_assign(case)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.team, stored.assignee) == (team, knows_it.user)
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor_id) == ("case.assigned", None)
    assert Notification.objects.get().kind == "case_assigned"


def test_auto_assign_matches_the_module_ignoring_case():
    team = TeamFactory()
    agent = agent_in(team, skills=["Facturación "])
    case = open_case(team=team, fields={"module": "FACTURACIÓN"})

    auto_assign(case)

    assert Case.objects.get(pk=case.pk).assignee == agent.user


def test_auto_assign_prefers_the_least_loaded_agent_then_the_oldest():
    team = TeamFactory()
    busy, idle_old, idle_new = agent_in(team), agent_in(team), agent_in(team)
    open_case(assignee=busy.user, status=Status.IN_PROGRESS)
    open_case(assignee=idle_old.user, status=Status.CLOSED)  # finished work is no load
    open_case(assignee=idle_new.user, status=Status.RESOLVED)
    case = open_case(team=team, fields={"module": "facturación"})

    auto_assign(case)

    assert Case.objects.get(pk=case.pk).assignee == idle_old.user


def test_auto_assign_without_a_team_considers_every_active_agent():
    inactive = agent_in()
    inactive.is_active = False
    inactive.save()
    active = agent_in()
    case = open_case(fields={"module": "facturación"})

    auto_assign(case)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.team, stored.assignee) == (None, active.user)


def test_auto_assign_leaves_the_case_unassigned_in_its_team_when_nobody_knows_the_module():
    team = TeamFactory()
    agent_in(team, skills=["nómina"])
    case = open_case(fields={"module": "facturación"})
    CaseType.objects.create(policy=case.policy, key=case.case_type, name="Soporte", team=team)

    auto_assign(case)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.team, stored.assignee) == (team, None)
    assert AuditEvent.objects.get().after == {"team": team.pk}
    assert not Notification.objects.exists()


def test_auto_assign_with_nobody_and_nothing_to_route_writes_nothing():
    case = open_case(fields={"module": "facturación"})

    auto_assign(case)

    assert Case.objects.get(pk=case.pk).assignee is None
    assert not AuditEvent.objects.exists()


def test_auto_assign_leaves_an_assigned_case_alone():
    mine = agent_in()
    case = open_case(assignee=mine.user)
    agent_in()

    auto_assign(case)

    assert Case.objects.get(pk=case.pk).assignee == mine.user
    assert not AuditEvent.objects.exists()


def _queries_to_pick(agents):
    team = TeamFactory()
    for _ in range(agents):
        agent = agent_in(team, skills=["nómina"])
        open_case(assignee=agent.user)
    case = open_case(team=team, fields={"module": "facturación"})  # nobody fits: all are read
    with CaptureQueriesContext(connection) as queries:
        auto_assign(case)
    return len(queries)


def test_auto_assign_reads_the_agents_and_their_loads_in_one_query():
    assert _queries_to_pick(2) == _queries_to_pick(6)
