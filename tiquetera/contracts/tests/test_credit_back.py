"""A case later found invalid, out of scope or a duplicate gives its ticket back (seed 002, JQ:
invalid cases; seed 004, Soho: out of scope), once however often it is asked."""

import pytest

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Consumption
from tiquetera.contracts.selectors import entitlement_mismatches
from tiquetera.contracts.services import consume, credit_back, start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    plan = IntermediaPlanFactory()
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    return organization


def test_crediting_back_returns_the_ticket_to_its_priority_and_the_total(organization):
    result = consume(organization, "P1", reference="case-1", at=at(JULY_1))
    assert credit_back(result.consumption, reason="duplicate") is True
    result.period.refresh_from_db()
    result.counter.refresh_from_db()
    assert (result.period.total_used, result.counter.used) == (0, 0)
    assert result.consumption.credit_reason == "duplicate"
    assert result.consumption.credited_at is not None
    assert entitlement_mismatches() == []


def test_crediting_back_twice_returns_one_ticket(organization):
    consume(organization, "P1", reference="case-0", at=at(JULY_1))
    result = consume(organization, "P1", reference="case-1", at=at(JULY_1))
    assert credit_back(result.consumption, reason="invalid") is True
    assert credit_back(result.consumption, reason="invalid") is False
    result.period.refresh_from_db()
    assert result.period.total_used == 1
    assert entitlement_mismatches() == []


def test_a_returned_ticket_can_be_used_again(organization):
    taken = [consume(organization, "P3", reference=f"c{n}", at=at(JULY_1)) for n in range(4)]
    assert not consume(organization, "P3", reference="c5", at=at(JULY_1)).covered
    credit_back(taken[0].consumption, reason="out_of_scope")
    assert consume(organization, "P3", reference="c6", at=at(JULY_1)).covered


def test_an_extra_ticket_credited_back_is_no_longer_billable_and_touches_no_counter(organization):
    for n in range(4):
        consume(organization, "P3", reference=f"c{n}", at=at(JULY_1))
    extra = consume(organization, "P3", reference="extra", at=at(JULY_1))
    assert extra.outcome == Consumption.Outcome.EXTRA
    assert credit_back(extra.consumption, reason="invalid") is True
    assert extra.period.counters.get(priority="P3").used == 4
    assert entitlement_mismatches() == []


def test_an_unknown_credit_reason_is_refused_naming_the_field(organization):
    result = consume(organization, "P1", reference="case-1", at=at(JULY_1))
    with pytest.raises(ContractsError) as refused:
        credit_back(result.consumption, reason="bored")
    assert refused.value.field == "reason"
