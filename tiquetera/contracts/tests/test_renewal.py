"""Seed 003 (Sisnova): "La renovación de nuestras suscripciones (mensuales o anuales) es
automática" — and the client is told before an automatic renewal."""

import datetime as dt

import pytest

from tiquetera.contracts import tasks
from tiquetera.contracts.models import Contract, EntitlementPeriod
from tiquetera.contracts.services import (
    consume,
    expire_contracts,
    renew_contracts,
    renewal_notices_due,
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


def test_a_monthly_contract_renews_for_another_month(contract):
    assert renew_contracts(AUGUST_1) == [contract]
    contract.refresh_from_db()
    assert (contract.end, contract.status) == (dt.date(2026, 9, 1), Contract.Status.ACTIVE)
    assert renew_contracts(AUGUST_1) == []  # not twice


def test_a_renewal_due_is_made_when_a_case_arrives_before_the_sweep(contract):
    assert consume(
        contract.organization, "P1", reference="x", at=at(dt.date(2026, 8, 1), 1)
    ).covered
    contract.refresh_from_db()
    assert contract.end == dt.date(2026, 9, 1)


def test_a_contract_that_does_not_renew_expires(contract):
    Contract.objects.filter(pk=contract.pk).update(auto_renew=False)
    assert expire_contracts(dt.date(2026, 7, 31)) == []
    assert [c.pk for c in expire_contracts(AUGUST_1)] == [contract.pk]
    contract.refresh_from_db()
    assert contract.status == Contract.Status.EXPIRED


def test_the_client_is_told_a_week_before_an_automatic_renewal_once(contract):
    assert renewal_notices_due(dt.date(2026, 7, 24)) == []
    assert renewal_notices_due(dt.date(2026, 7, 25)) == [contract]
    assert renewal_notices_due(dt.date(2026, 7, 26)) == []
    contract.refresh_from_db()
    assert contract.renewal_notice_sent_on == dt.date(2026, 7, 25)
    renew_contracts(AUGUST_1)
    contract.refresh_from_db()
    assert contract.renewal_notice_sent_on is None  # next month's notice is due again


def test_the_daily_sweep_renews_expires_rolls_over_and_claims_notices(contract):
    result = tasks.sweep_contracts(AUGUST_1.isoformat())
    outcome = result.get() if hasattr(result, "get") else result
    assert outcome == {
        "renewed": 1,
        "expired": 0,
        "periods_opened": 1,
        "periods_expired": 1,
        "renewal_notices": 0,
    }
    assert EntitlementPeriod.objects.filter(contract=contract).count() == 2
