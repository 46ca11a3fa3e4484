"""Plan fees: one charge per contract and billing period, priced from the plan with its fee
discounts as steps, annual plans billed once a year (seed 003, Sisnova: "Los planes de soporte
pueden contratarse mensual o anualmente", "Si usted es un usuario WEB … tendrá un descuento del
40%")."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError

from tiquetera.billing.fees import bill_plan_fees
from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_is_exact
from tiquetera.billing.tasks import bill_fees
from tiquetera.billing.tests.factories import sisnova_web_client
from tiquetera.contracts.models import Period
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
PLAN_FEE = Charge.Kind.PLAN_FEE


def test_a_web_client_pays_the_monthly_fee_less_the_cloud_discount():
    organization = sisnova_web_client(price=Decimal("100.00"), cloud_discount_on_fee=True)
    (fee,) = bill_plan_fees(dt.date(2026, 7, 10))
    assert (fee.kind, fee.occurred_on, fee.billing_period_starts) == (PLAN_FEE, JULY_1, JULY_1)
    assert (fee.gross, fee.net, fee.organization) == (
        Decimal("100.00"),
        Decimal("60.00"),
        organization,
    )
    assert [(d["label"], d["percent"]) for d in fee.discounts] == [("WEB", "40.00")]
    assert charge_is_exact(fee)


def test_the_tier_discount_reaches_the_fee_only_where_the_policy_says():
    sisnova_web_client(price=Decimal("100.00"), tier_discount_on_fee=True)
    (fee,) = bill_plan_fees(JULY_1)
    assert [d["percent"] for d in fee.discounts] == ["15.00"]  # not the cloud one: not on the fee
    assert fee.net == Decimal("85.00")


def test_billing_twice_in_a_period_bills_once_and_the_next_month_again():
    sisnova_web_client(price=Decimal("100.00"))
    assert len(bill_plan_fees(dt.date(2026, 7, 1))) == 1
    assert bill_plan_fees(dt.date(2026, 7, 2)) == []
    assert bill_fees.call_local("2026-07-31") == 0  # the huey task, run in process
    (august,) = bill_plan_fees(dt.date(2026, 8, 1))
    assert august.billing_period_starts == dt.date(2026, 8, 1)
    assert Charge.objects.filter(kind=PLAN_FEE).count() == 2


def test_an_annual_plan_is_billed_once_a_year():
    plan = PlanFactory(price=Decimal("1000.00"), billing_period=Period.ANNUAL, currency="USD")
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    days = [JULY_1 + dt.timedelta(days=n) for n in range(0, 365, 29)]
    billed = [fee for day in days for fee in bill_plan_fees(day)]
    assert [(f.occurred_on, f.net) for f in billed] == [(JULY_1, Decimal("1000.00"))]
    (next_year,) = bill_plan_fees(dt.date(2027, 7, 1))
    assert next_year.billing_period_starts == dt.date(2027, 7, 1)


def test_a_plan_priced_zero_bills_no_fee():
    sisnova_web_client(price=Decimal("0.00"))
    assert bill_plan_fees(JULY_1) == []


def test_the_database_refuses_a_second_fee_for_the_same_period():
    sisnova_web_client(price=Decimal("100.00"))
    (fee,) = bill_plan_fees(JULY_1)
    fee.pk = None
    with pytest.raises(IntegrityError):
        fee.save()
