"""Seed 003 (Sisnova): "Si usted cuenta con un plan de soporte anterior, éste se mantendrá vigente
hasta su vencimiento" — a legacy plan honours its contracts until they end, and sells no more."""

import datetime as dt

import pytest

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Consumption, Contract
from tiquetera.contracts.services import consume, expire_contracts, renew_contracts, start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
OCTOBER_1 = dt.date(2026, 10, 1)


@pytest.fixture
def old_plan():
    return PlanFactory(key="plan-anterior", total_cap=10, is_legacy=True)


def test_a_legacy_contract_is_honoured_until_it_ends(old_plan):
    organization = OrganizationFactory(policy=old_plan.policy)
    contract = start_contract(
        organization, old_plan, start=JULY_1, end=OCTOBER_1, legacy=True, actor=None
    )
    assert contract.is_legacy and not contract.auto_renew
    assert consume(organization, "P1", reference="a", at=at(dt.date(2026, 9, 30))).covered
    assert renew_contracts(OCTOBER_1) == []
    assert expire_contracts(OCTOBER_1) == [contract]
    after = consume(organization, "P1", reference="b", at=at(OCTOBER_1))
    assert after.reason == Consumption.Reason.NO_ACTIVE_PLAN


def test_a_plan_made_legacy_keeps_its_running_contracts_but_does_not_renew_them():
    plan = PlanFactory(total_cap=10)
    organization = OrganizationFactory(policy=plan.policy)
    contract = start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)
    plan.is_legacy = True
    plan.save()
    assert consume(organization, "P1", reference="a", at=at(dt.date(2026, 7, 31))).covered
    assert renew_contracts(dt.date(2026, 8, 1)) == []
    expire_contracts(dt.date(2026, 8, 1))
    contract.refresh_from_db()
    assert contract.status == Contract.Status.EXPIRED


def test_a_legacy_plan_takes_no_new_contract(old_plan):
    organization = OrganizationFactory(policy=old_plan.policy)
    with pytest.raises(ContractsError) as refused:
        start_contract(organization, old_plan, start=JULY_1, actor=None)
    assert (refused.value.code, refused.value.field) == ("legacy_plan", "plan")


def test_recording_a_legacy_contract_needs_its_end(old_plan):
    organization = OrganizationFactory(policy=old_plan.policy)
    with pytest.raises(ContractsError) as refused:
        start_contract(organization, old_plan, start=JULY_1, legacy=True, actor=None)
    assert (refused.value.code, refused.value.field) == ("legacy_needs_end", "end")
