"""Contractual time is billed "por hora o fracción" at the rate "para el año en curso" (seed 002,
JQ Systems): minutes rounded up to the plan's fraction, at the rate of the year worked."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.models import Charge, HourlyRate, TimeEntry
from tiquetera.billing.services import log_time, recompute, stored_line
from tiquetera.billing.tests.factories import jq_contractual_client
from tiquetera.contracts.models import Plan
from tiquetera.testing.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    organization = jq_contractual_client(rate=Decimal("100000.00"), fraction=15)
    plan = Plan.objects.get(contracts__organization=organization)
    HourlyRate.objects.create(plan=plan, year=2025, rate=Decimal("110000.00"))
    HourlyRate.objects.create(plan=plan, year=2026, rate=Decimal("120000.00"))
    return organization


def test_seventy_minutes_at_a_quarter_hour_fraction_bill_seventy_five_at_the_years_rate(
    organization,
):
    entry = log_time(
        organization,
        70,
        worked_on=dt.date(2026, 3, 2),
        description="Servidor caído",
        actor=AgentFactory(),
        reference="S3-17",
    )

    charge = entry.charge
    assert (entry.minutes, entry.billing_fraction_minutes) == (70, 15)
    assert (charge.kind, charge.quantity, charge.unit_price) == (
        "time",
        Decimal("1.25"),
        Decimal("120000.00"),
    )
    assert charge.gross == charge.net == Decimal("150000.00")  # 75 minutes at 120 000 an hour
    assert charge.description == "S3-17"
    assert recompute(charge) == stored_line(charge)


def test_work_of_another_year_is_billed_at_that_years_rate(organization):
    entry = log_time(
        organization,
        70,
        worked_on=dt.date(2025, 12, 30),
        description="Urgencia",
        actor=AgentFactory(),
    )
    assert entry.charge.unit_price == Decimal("110000.00")
    assert entry.charge.net == Decimal("137500.00")


def test_a_year_without_its_own_rate_falls_back_to_the_plans_rate(organization):
    entry = log_time(
        organization, 60, worked_on=dt.date(2027, 1, 4), description="x", actor=AgentFactory()
    )
    assert entry.charge.unit_price == Decimal("100000.00")


def test_time_is_discounted_by_the_plan_tier_only():
    organization = jq_contractual_client(rate=Decimal("90000.00"), fraction=30, discount="10")
    entry = log_time(
        organization, 31, worked_on=dt.date(2026, 3, 2), description="x", actor=AgentFactory()
    )
    charge = entry.charge
    assert charge.gross == Decimal("90000.00")  # 31 minutes bill a full hour at 30-minute steps
    assert charge.discounts == [{"label": "Contractual", "percent": "10.00", "amount": "9000.00"}]
    assert charge.net == Decimal("81000.00")
    assert recompute(charge) == stored_line(charge)


def test_unbillable_time_is_recorded_without_a_charge(organization):
    entry = log_time(
        organization,
        20,
        worked_on=dt.date(2026, 3, 2),
        description="Seguimiento",
        actor=AgentFactory(),
        billable=False,
    )
    assert TimeEntry.objects.get() == entry
    assert not Charge.objects.exists()


def test_only_an_agent_logs_time(organization):
    with pytest.raises(BillingRefused) as refused:
        log_time(
            organization, 30, worked_on=dt.date(2026, 3, 2), description="x", actor=UserFactory()
        )
    assert refused.value.code == "not_an_agent"


@pytest.mark.parametrize("minutes", [0, -5, 1.5])
def test_minutes_must_be_a_whole_number_above_zero(organization, minutes):
    with pytest.raises(BillingRefused) as refused:
        log_time(
            organization,
            minutes,
            worked_on=dt.date(2026, 3, 2),
            description="x",
            actor=AgentFactory(),
        )
    assert refused.value.code == "bad_minutes"


def test_billable_time_needs_a_contract_with_an_hourly_rate():
    organization = jq_contractual_client(rate=None)
    with pytest.raises(BillingRefused) as refused:
        log_time(
            organization, 30, worked_on=dt.date(2026, 3, 2), description="x", actor=AgentFactory()
        )
    assert refused.value.code == "no_hourly_rate"
    assert not TimeEntry.objects.exists()
