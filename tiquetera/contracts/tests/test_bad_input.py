"""Bad input is refused with an error that names the field — never a 500, never a wrong row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Contract, EntitlementCounter, Plan, PlanQuota
from tiquetera.contracts.services import save_plan, start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory
from tiquetera.testing.factories import OrganizationFactory, PolicyFactory

pytestmark = pytest.mark.django_db


def refusal(call, *args, **kwargs):
    with pytest.raises(ContractsError) as refused:
        call(*args, **kwargs)
    return refused.value.code, refused.value.field


def new_plan(**fields):
    defaults = {"key": "basica", "name": "Básica", "currency": "MXN", "extra_ticket_price": 1}
    return Plan(policy=PolicyFactory(), **(defaults | fields))


def test_an_unknown_plan_is_refused_naming_the_plan():
    organization = OrganizationFactory()
    assert refusal(start_contract, organization, "platino", start=JULY_1, actor=None) == (
        "unknown_plan",
        "plan",
    )


def test_a_plan_of_another_policy_is_unknown_to_the_organization():
    organization = OrganizationFactory()
    assert refusal(start_contract, organization, PlanFactory(), start=JULY_1, actor=None) == (
        "unknown_plan",
        "plan",
    )


def test_a_negative_total_cap_is_refused_naming_it():
    assert refusal(save_plan, new_plan(total_cap=-1), actor=None) == ("negative_cap", "total_cap")


def test_a_negative_cap_per_priority_is_refused_naming_the_priority():
    assert refusal(save_plan, new_plan(), quotas={"P1": 6, "P2": -5}, actor=None) == (
        "negative_cap",
        "quotas.P2",
    )
    assert not Plan.objects.exists()


def test_the_database_refuses_negative_caps_and_counts_too():
    plan = PlanFactory()
    with pytest.raises(IntegrityError):
        PlanQuota.objects.create(plan=plan, priority="P1", cap=-1)


def test_a_counter_never_goes_below_zero_in_the_database():
    from tiquetera.contracts.tests.factories import ContractFactory

    contract = ContractFactory()
    period = contract.periods.create(starts=JULY_1, ends=dt.date(2026, 8, 1))
    with pytest.raises(IntegrityError):
        EntitlementCounter.objects.create(period=period, priority="P1", cap=3, used=-1)


def test_a_discount_over_100_percent_is_refused_naming_it():
    code, field = refusal(save_plan, new_plan(cloud_discount=Decimal("140")), actor=None)
    assert (code, field) == ("invalid", "cloud_discount")


def test_an_extra_ticket_rule_without_a_price_is_refused_naming_the_price():
    _, field = refusal(save_plan, new_plan(extra_ticket_price=None), actor=None)
    assert field == "extra_ticket_price"


def test_a_quota_period_longer_than_the_billing_period_is_refused():
    plan = new_plan(billing_period="monthly", quota_period="annual")
    assert refusal(save_plan, plan, actor=None) == ("quota_longer_than_billing", "quota_period")


def test_a_valid_plan_is_saved_with_its_caps():
    plan = save_plan(new_plan(total_cap=14), quotas={"P1": 6, "P2": 5, "P3": 4}, actor=None)
    assert dict(plan.quotas.values_list("priority", "cap")) == {"P1": 6, "P2": 5, "P3": 4}


def test_an_end_before_the_start_is_refused_naming_the_end():
    plan = PlanFactory()
    organization = OrganizationFactory(policy=plan.policy)
    for end in (JULY_1, dt.date(2026, 6, 1)):
        assert refusal(start_contract, organization, plan, start=JULY_1, end=end, actor=None) == (
            "end_before_start",
            "end",
        )


def test_the_database_refuses_an_end_before_the_start():
    from tiquetera.contracts.tests.factories import ContractFactory

    with pytest.raises(IntegrityError):
        ContractFactory(end=dt.date(2026, 6, 30))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 7, 15), dt.date(2026, 8, 15)),  # starts inside
        (dt.date(2026, 6, 1), dt.date(2026, 7, 2)),  # ends inside
        (dt.date(2026, 6, 1), None),  # open-ended across it
    ],
)
def test_a_contract_overlapping_another_for_the_same_plan_is_refused(start, end):
    plan = PlanFactory()
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)
    assert refusal(start_contract, organization, plan, start=start, end=end, actor=None) == (
        "overlapping_contract",
        "start",
    )
    assert Contract.objects.count() == 1


def test_back_to_back_contracts_and_other_plans_do_not_overlap():
    plan = PlanFactory()
    other = PlanFactory(policy=plan.policy)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)
    start_contract(organization, plan, start=dt.date(2026, 8, 1), actor=None)
    start_contract(organization, other, start=JULY_1, actor=None)
    assert Contract.objects.count() == 3


def test_an_error_message_is_translated():
    from django.utils import translation

    error = ContractsError("end_before_start", field="end", value="2026-06-01", start="2026-07-01")
    with translation.override("en"):
        assert error.message == "The end 2026-06-01 must come after the start 2026-07-01."
    assert error.as_dict()["field"] == "end"
