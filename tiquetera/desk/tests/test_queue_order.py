"""The queue's order (`desk/queue.py`): plan rank, severity rank, next SLA deadline with cases
without one last, then id — read from stored columns, never sorted in Python."""

import datetime as dt

import pytest

from tiquetera.desk.queue import QueueFilters, queue_page
from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

SUBSCRIPTION, CONTRACTUAL = 1, 2
URGENCY, INCIDENT, REQUEST = 1, 2, 3  # severity ranks: S3, S2, S1 (seed 002, JQ Systems)
NOON = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def organization():
    return OrganizationFactory()


@pytest.fixture
def case(organization):
    def make(plan=SUBSCRIPTION, severity=REQUEST, due=NOON, **values):
        return CaseFactory(
            organization=organization,
            status=values.pop("status", "open"),
            plan_rank=plan,
            severity_rank=severity,
            sla_due_at=due,
            **values,
        )

    return make


def queue_of(viewer) -> list[str]:
    return [case.number for case in queue_page(viewer, filters=QueueFilters()).cases]


def test_an_urgency_beats_every_other_case_of_its_plan(agent, case):
    """Seed 002: "Se dará prioridad a las urgencias sobre cualquier otro tipo de caso": an S3
    due last, breached or not, created last, still comes before every S1 and S2."""
    others = [
        case(severity=REQUEST, due=NOON - dt.timedelta(days=2)),
        case(severity=INCIDENT, due=NOON - dt.timedelta(hours=1), sla_breached=True),
        case(severity=INCIDENT, due=None),
    ]
    urgency = case(severity=URGENCY, due=NOON + dt.timedelta(days=5))
    assert queue_of(agent)[0] == urgency.number
    assert set(queue_of(agent)[1:]) == {other.number for other in others}


def test_subscription_beats_contractual_at_equal_due_time(agent, case):
    """Seed 002: "Los servicios por suscripción, tienen prioridad frente a los de tipo
    contractual" — the contractual case is older and has the lower id, and still comes second."""
    contractual = case(plan=CONTRACTUAL, severity=URGENCY)
    subscription = case(plan=SUBSCRIPTION, severity=URGENCY)
    assert queue_of(agent) == [subscription.number, contractual.number]


def test_an_urgency_beats_everything_even_under_a_lesser_plan(agent, case):
    """Seed 002: "Se dará prioridad a las urgencias sobre cualquier otro tipo de caso": the
    severity comes before the plan (tickets/models.py `case_queue_order`)."""
    subscription_request = case(plan=SUBSCRIPTION, severity=REQUEST)
    contractual_urgency = case(plan=CONTRACTUAL, severity=URGENCY)
    assert queue_of(agent) == [contractual_urgency.number, subscription_request.number]


def test_earlier_deadline_first(agent, case):
    late = case(due=NOON + dt.timedelta(hours=3))
    early = case(due=NOON - dt.timedelta(hours=3))
    middle = case(due=NOON)
    assert queue_of(agent) == [early.number, middle.number, late.number]


def test_a_case_without_deadline_comes_after_every_deadline_of_its_group(agent, case):
    undated = case(due=None)
    latest = case(due=NOON + dt.timedelta(days=365))
    next_group = case(severity=REQUEST + 1, due=NOON - dt.timedelta(days=365))
    assert queue_of(agent) == [latest.number, undated.number, next_group.number]


def test_ties_are_broken_by_id(agent, case):
    first, second, third = case(), case(), case()
    undated = [case(due=None), case(due=None)]
    assert queue_of(agent) == [
        first.number,
        second.number,
        third.number,
        undated[0].number,
        undated[1].number,
    ]


def test_cases_not_to_act_on_are_left_out(agent, case):
    listed = [case(status=status) for status in ("new", "open", "in_progress", "escalated_rd")]
    for status in ("waiting_on_client", "pending_verification", "resolved", "closed", "invalid"):
        case(status=status)
    assert queue_of(agent) == [c.number for c in listed]


def test_agents_see_every_organizations_cases(agent, case):
    mine = case()
    other = CaseFactory(status="open", plan_rank=1, severity_rank=3, sla_due_at=NOON)
    assert mine.organization_id != other.organization_id
    assert set(queue_of(agent)) == {mine.number, other.number}
