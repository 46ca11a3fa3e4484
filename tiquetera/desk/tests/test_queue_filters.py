"""Each filter of the queue (`desk/queue.py` `QueueFilters`), alone and combined, and how a
query string, an API call or a saved view's JSON is read into filters."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tiquetera.desk.queue import InvalidQueueRequest, QueueFilters, queue_page
from tiquetera.testing.factories import (
    AgentFactory,
    AgentProfileFactory,
    OrganizationFactory,
    TeamFactory,
    UserFactory,
)
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory()


def open_case(organization, **values):
    values.setdefault("status", "open")
    return CaseFactory(organization=organization, **values)


def listed(viewer, **filters) -> set[str]:
    page = queue_page(viewer, filters=QueueFilters(**filters), size=200)
    return {case.number for case in page.cases}


def test_mine_lists_the_cases_assigned_to_the_viewer(agent, organization):
    mine = open_case(organization, assignee=agent)
    open_case(organization, assignee=AgentFactory())
    open_case(organization)
    assert listed(agent, mine=True) == {mine.number}


def test_mine_binds_each_viewer_to_the_statement_compiled_once(organization):
    # the first page of a tab is compiled once per connection (`queue._first_page`): the
    # viewer's id is a parameter of it, never the first viewer's id written into it
    first, second = AgentFactory(), AgentFactory()
    theirs = {
        a: {open_case(organization, assignee=a).number for _ in range(2)} for a in (first, second)
    }
    open_case(organization)
    for viewer in (first, second, first, second):
        assert listed(viewer, mine=True) == theirs[viewer]
        assert listed(viewer, mine=True, breached=False) == theirs[viewer]
    assert listed(first, unassigned=True) == listed(second, unassigned=True)


def test_my_team_lists_the_cases_of_the_viewers_teams(organization):
    first, second, other = TeamFactory(), TeamFactory(), TeamFactory()
    profile = AgentProfileFactory()
    profile.teams.set([first, second])
    cases = {open_case(organization, team=team).number for team in (first, second)}
    open_case(organization, team=other)
    open_case(organization)
    assert listed(profile.user, my_team=True) == cases


def test_my_team_is_empty_for_an_agent_without_teams(agent, organization):
    open_case(organization, team=TeamFactory())
    assert listed(agent, my_team=True) == set()


def test_unassigned(agent, organization):
    nobodys = open_case(organization)
    open_case(organization, assignee=agent)
    assert listed(agent, unassigned=True) == {nobodys.number}


def test_breached(agent, organization):
    late = open_case(organization, sla_breached=True)
    open_case(organization)
    assert listed(agent, breached=True) == {late.number}


def test_due_soon_is_within_an_hour_by_default(agent, organization):
    now = timezone.now()
    overdue = open_case(organization, sla_due_at=now - dt.timedelta(hours=2))
    soon = open_case(organization, sla_due_at=now + dt.timedelta(minutes=55))
    open_case(organization, sla_due_at=now + dt.timedelta(minutes=65))
    open_case(organization, sla_due_at=None)
    assert listed(agent, due_soon=True) == {overdue.number, soon.number}


def test_due_soon_takes_the_minutes_given(agent, organization):
    now = timezone.now()
    soon = open_case(organization, sla_due_at=now + dt.timedelta(minutes=10))
    open_case(organization, sla_due_at=now + dt.timedelta(minutes=20))
    assert listed(agent, due_soon=True, due_within=15) == {soon.number}


def test_waiting_on_client_replaces_the_statuses_to_act_on(agent, organization):
    waiting = open_case(organization, status="waiting_on_client")
    open_case(organization, status="open")
    assert listed(agent, waiting_on_client=True) == {waiting.number}
    assert waiting.number not in listed(agent)


def test_organization(agent, organization):
    ours = open_case(organization)
    open_case(OrganizationFactory())
    assert listed(agent, organization=organization.pk) == {ours.number}


def test_severity(agent, organization):
    urgency = open_case(organization, severity="S3")
    open_case(organization, severity="S1")
    assert listed(agent, severity="S3") == {urgency.number}


def test_status_narrows_to_one_status_even_outside_the_queue(agent, organization):
    in_progress = open_case(organization, status="in_progress")
    parked = open_case(organization, status="pending_verification")
    open_case(organization, status="open")
    assert listed(agent, status="in_progress") == {in_progress.number}
    assert listed(agent, status="pending_verification") == {parked.number}


def test_channel(agent, organization):
    by_phone = open_case(organization, channel="phone")
    open_case(organization, channel="email")
    assert listed(agent, channel="phone") == {by_phone.number}


def test_filters_combine(agent, organization):
    match = open_case(organization, assignee=agent, sla_breached=True, severity="S3")
    open_case(organization, assignee=agent, sla_breached=True, severity="S1")
    open_case(organization, assignee=agent, severity="S3")
    open_case(organization, sla_breached=True, severity="S3")
    assert listed(agent, mine=True, breached=True, severity="S3") == {match.number}


def test_contradictory_filters_list_nothing(agent, organization):
    open_case(organization, status="waiting_on_client")
    assert listed(agent, waiting_on_client=True, status="open") == set()


def test_a_user_who_is_not_an_agent_is_refused(organization):
    open_case(organization)
    with pytest.raises(PermissionDenied):
        queue_page(UserFactory(), filters=QueueFilters())


def test_filters_read_from_a_query_string_and_back():
    data = {"mine": "1", "due_soon": "on", "due_within": "30", "organization": "7",
            "severity": " S3 ", "status": "open", "channel": "email", "unknown": "x"}  # fmt: skip
    filters = QueueFilters.parse(data)
    assert filters == QueueFilters(
        mine=True, due_soon=True, due_within=30, organization=7, severity="S3", status="open",
        channel="email",
    )  # fmt: skip
    assert QueueFilters.parse(dict(pair.split("=") for pair in filters.as_query().split("&")))
    assert QueueFilters.parse(filters.as_dict()) == filters


def test_empty_fields_of_the_form_are_the_defaults():
    empty = {"mine": "", "organization": "", "due_within": "", "severity": "", "status": ""}
    assert QueueFilters.parse(empty) == QueueFilters()
    assert QueueFilters().as_dict() == {} and QueueFilters().as_query() == ""


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"mine": "maybe"}, "mine"),
        ({"organization": "abc"}, "organization"),
        ({"due_within": "0"}, "due_within"),
        ({"status": "lost"}, "status"),
        ({"channel": "fax"}, "channel"),
        ({"severity": "S3-URGENCIA"}, "severity"),
    ],
)
def test_bad_filter_values_are_refused_with_their_name(data, code):
    with pytest.raises(InvalidQueueRequest) as refused:
        QueueFilters.parse(data)
    assert refused.value.code == code
