"""Seed 001 (CustomSoft): the póliza Intermedia promises "hasta 14 eventos" but lists P1 6 + P2 5 +
P3 4 = 15, and P4/P5 "N/A". Both caps apply; a priority without allowance is not included."""

import pytest

from tiquetera.contracts.models import Consumption, Plan
from tiquetera.contracts.services import consume, start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory, PlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
Outcome = Consumption.Outcome


@pytest.fixture
def client_org():
    plan = IntermediaPlanFactory(when_exhausted=Plan.WhenExhausted.REFUSE)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, "intermedia", start=JULY_1, actor=None)
    return organization


def take(organization, priority, n):
    return [
        consume(organization, priority, reference=f"{priority}-{i}", at=at(JULY_1)).outcome
        for i in range(n)
    ]


def test_intermedia_total_cap_refuses_fifteenth_case(client_org):
    assert take(client_org, "P1", 6) == [Outcome.COVERED] * 6
    assert take(client_org, "P2", 5) == [Outcome.COVERED] * 5
    assert take(client_org, "P3", 3) == [Outcome.COVERED] * 3  # 14 events: the total is spent
    fifteenth = consume(client_org, "P3", reference="P3-4", at=at(JULY_1))
    assert fifteenth.outcome == Outcome.REFUSED
    assert fifteenth.reason == Consumption.Reason.EXHAUSTED
    # the P3 ticket taken before the total said no was given back
    assert fifteenth.consumption.counter is None
    counters = dict(
        client_org.contracts.get().periods.get().counters.values_list("priority", "used")
    )
    assert counters == {"P1": 6, "P2": 5, "P3": 3}


def test_intermedia_priority_cap_refuses_seventh_p1_while_total_has_room(client_org):
    take(client_org, "P1", 6)
    seventh = consume(client_org, "P1", reference="P1-7", at=at(JULY_1))
    assert (seventh.outcome, seventh.reason) == (Outcome.REFUSED, Consumption.Reason.EXHAUSTED)
    assert consume(client_org, "P2", reference="P2-1", at=at(JULY_1)).covered
    period = client_org.contracts.get().periods.get()
    assert period.total_used == 7


def test_intermedia_p4_is_not_included(client_org):
    result = consume(client_org, "P4", reference="P4-1", at=at(JULY_1))
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Consumption.Reason.NOT_INCLUDED)
    assert client_org.contracts.get().periods.get().total_used == 0


def test_a_priority_capped_at_zero_is_not_included():
    plan = PlanFactory(quotas={"P1": 5, "P4": 0}, when_exhausted=Plan.WhenExhausted.REFUSE)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    result = consume(organization, "P4", reference="c", at=at(JULY_1))
    assert result.reason == Consumption.Reason.NOT_INCLUDED


def test_a_plan_without_caps_per_priority_counts_only_its_total():
    plan = PlanFactory(total_cap=2, when_exhausted=Plan.WhenExhausted.REFUSE)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    assert take(organization, "S3", 3) == [Outcome.COVERED, Outcome.COVERED, Outcome.REFUSED]


def test_no_active_contract_is_refused_as_no_active_plan_and_still_recorded():
    organization = OrganizationFactory()
    result = consume(organization, "P1", reference="case-1", at=at(JULY_1))
    assert (result.outcome, result.reason) == (Outcome.REFUSED, Consumption.Reason.NO_ACTIVE_PLAN)
    assert Consumption.objects.get().reference == "case-1"
