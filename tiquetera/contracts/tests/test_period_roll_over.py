"""Seed 003 (Sisnova): "los tickets se vencen mensualmente, no es posible utilizar un ticket
después de su vencimiento" — each month has its own tickets; what July left unused is gone."""

import datetime as dt

import pytest

from tiquetera.contracts.models import Consumption, EntitlementPeriod, Plan
from tiquetera.contracts.services import consume, roll_over, start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
AUGUST_1 = dt.date(2026, 8, 1)


@pytest.fixture
def sisnova_client():
    plan = PlanFactory(key="basico", total_cap=3, when_exhausted=Plan.WhenExhausted.REFUSE)
    organization = OrganizationFactory(policy=plan.policy, edition="LOCAL")
    contract = start_contract(organization, plan, start=JULY_1, actor=None)
    return organization, contract


def test_unused_tickets_expire_at_month_end(sisnova_client):
    organization, contract = sisnova_client
    consume(organization, "P1", reference="july", at=at(dt.date(2026, 7, 30)))

    result = roll_over(AUGUST_1)

    assert (result.opened, result.expired) == (1, 1)
    july, august = contract.periods.order_by("starts")
    assert (july.starts, july.ends, july.expired_on) == (JULY_1, AUGUST_1, AUGUST_1)
    assert (august.starts, august.ends) == (AUGUST_1, dt.date(2026, 9, 1))
    assert (august.total_cap, august.total_used) == (3, 0)  # July's two unused did not carry over


def test_a_july_ticket_cannot_be_used_in_august(sisnova_client):
    organization, _ = sisnova_client
    for n in range(3):
        assert consume(organization, "P1", reference=f"j{n}", at=at(JULY_1)).covered
    assert not consume(organization, "P1", reference="j4", at=at(dt.date(2026, 7, 31))).covered
    august = consume(organization, "P1", reference="a1", at=at(AUGUST_1, 0))
    assert august.covered
    assert august.period.starts == AUGUST_1


def test_month_end_is_the_clients_midnight_not_the_servers(sisnova_client):
    organization, _ = sisnova_client
    # 23:30 on July 31 in Bogotá is already August 1 in UTC: still a July ticket.
    result = consume(organization, "P1", reference="late", at=at(dt.date(2026, 7, 31), 23))
    assert result.period.starts == JULY_1


def test_consume_opens_the_period_when_the_roll_over_has_not_run_yet(sisnova_client):
    organization, contract = sisnova_client
    assert consume(organization, "P1", reference="a", at=at(dt.date(2026, 8, 15))).covered
    assert contract.periods.count() == 2


def test_roll_over_twice_opens_nothing_more(sisnova_client):
    roll_over(AUGUST_1)
    assert roll_over(AUGUST_1).opened == 0
    assert EntitlementPeriod.objects.count() == 2


def test_an_annual_plan_with_monthly_quota_opens_a_period_a_month():
    plan = PlanFactory(billing_period="annual", quota_period="monthly", total_cap=5)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, end=dt.date(2027, 7, 1), actor=None)
    result = consume(organization, "P1", reference="x", at=at(dt.date(2027, 2, 10)))
    assert (result.period.starts, result.period.ends) == (dt.date(2027, 2, 1), dt.date(2027, 3, 1))
    assert Consumption.objects.get().outcome == Consumption.Outcome.COVERED
