"""Seed 003 (Sisnova): renewal is automatic; a change or cancellation must be notified before the
month ends — it takes effect at the end of the current period, whose tickets stay usable."""

import datetime as dt

import pytest

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Consumption, Contract
from tiquetera.contracts.services import (
    consume,
    expire_contracts,
    renew_contracts,
    request_cancellation,
    start_contract,
)
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
AUGUST_1 = dt.date(2026, 8, 1)


@pytest.fixture
def contract():
    plan = PlanFactory(total_cap=3)
    organization = OrganizationFactory(policy=plan.policy)
    return start_contract(organization, plan, start=JULY_1, end=AUGUST_1, actor=None)


def test_cancellation_takes_effect_at_the_end_of_the_month(contract):
    cancelled = request_cancellation(contract, on=dt.date(2026, 7, 20), actor=None)
    assert (cancelled.end, cancelled.cancel_requested_on) == (AUGUST_1, dt.date(2026, 7, 20))
    assert cancelled.auto_renew is False
    assert cancelled.status == Contract.Status.ACTIVE


def test_a_cancelled_contract_keeps_its_tickets_until_the_month_ends(contract):
    request_cancellation(contract, on=dt.date(2026, 7, 20), actor=None)
    assert consume(contract.organization, "P1", reference="c", at=at(dt.date(2026, 7, 31))).covered


def test_a_cancelled_contract_is_not_renewed_and_ends_cancelled(contract):
    request_cancellation(contract, on=dt.date(2026, 7, 20), actor=None)
    assert renew_contracts(AUGUST_1) == []
    assert expire_contracts(AUGUST_1) == [contract]
    contract.refresh_from_db()
    assert contract.status == Contract.Status.CANCELLED
    result = consume(contract.organization, "P1", reference="late", at=at(AUGUST_1))
    assert result.reason == Consumption.Reason.NO_ACTIVE_PLAN


def test_a_cancellation_after_the_month_ended_cancels_the_next_month(contract):
    cancelled = request_cancellation(contract, on=dt.date(2026, 8, 2), actor=None)
    assert cancelled.end == dt.date(2026, 9, 1)


def test_an_open_ended_contract_is_cancelled_at_its_billing_period_end():
    plan = PlanFactory(billing_period="annual", quota_period="monthly")
    organization = OrganizationFactory(policy=plan.policy)
    contract = start_contract(organization, plan, start=JULY_1, actor=None)
    cancelled = request_cancellation(contract, on=dt.date(2026, 9, 3), actor=None)
    assert cancelled.end == dt.date(2027, 7, 1)


def test_an_ended_contract_cannot_be_cancelled(contract):
    request_cancellation(contract, on=dt.date(2026, 7, 20), actor=None)
    expire_contracts(AUGUST_1)
    contract.refresh_from_db()
    with pytest.raises(ContractsError) as refused:
        request_cancellation(contract, on=dt.date(2026, 8, 3), actor=None)
    assert (refused.value.code, refused.value.field) == ("not_active", "contract")
