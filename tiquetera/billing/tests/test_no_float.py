"""Issue: "Money: every charge recomputable from its inputs; no float anywhere in billing." Every
kind of charge is built, read back from the database, and checked."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.billing.fees import bill_plan_fees
from tiquetera.billing.models import Charge, ExtraService, HourlyRate
from tiquetera.billing.quotes import accept_quote, quote_extra_service
from tiquetera.billing.selectors import monthly_statement
from tiquetera.billing.services import (
    charge_consumption,
    charge_is_exact,
    charge_onsite_visit,
    log_time,
)
from tiquetera.billing.tests.factories import jq_contractual_client
from tiquetera.billing.tests.statement_world import july_of_a_web_client
from tiquetera.contracts.models import Plan
from tiquetera.contracts.services import attach_purchase_order, consume, start_contract
from tiquetera.contracts.tests.factories import (
    JULY_1,
    PlanFactory,
    PurchaseOrderFactory,
    SignerFactory,
    at,
)
from tiquetera.directory.models import Organization
from tiquetera.testing.factories import AgentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

MONEY_FIELDS = ("quantity", "unit_price", "gross", "net")


def per_event_released():
    plan = PlanFactory(total_cap=0, when_exhausted=Plan.WhenExhausted.PER_EVENT_PO)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    consume(organization, "P1", reference="C-PE", at=at(JULY_1))
    po = PurchaseOrderFactory.build(
        organization=organization, signer=SignerFactory(organization=organization)
    )
    for consumption in attach_purchase_order(po, actor=None):
        charge_consumption(consumption)


@pytest.fixture
def ledger():
    july_of_a_web_client()
    organization = jq_contractual_client()
    plan = Plan.objects.get(contracts__organization=organization)
    Plan.objects.filter(pk=plan.pk).update(
        onsite_visits_per_month=1,
        onsite_price=Decimal("180000.00"),
        travel_expenses=Decimal("95000.00"),
        extra_services_discount=Decimal("10"),
    )
    HourlyRate.objects.create(plan=plan, year=2026, rate=Decimal("120000.00"))
    agent = AgentFactory()
    log_time(organization, 70, worked_on=dt.date(2026, 7, 2), description="S3", actor=agent)
    charge_onsite_visit(organization, on=dt.date(2026, 7, 3), actor=agent)
    Organization.objects.filter(pk=organization.pk).update(locality="out_of_town")
    organization.refresh_from_db()
    charge_onsite_visit(organization, on=dt.date(2026, 7, 4), actor=agent)  # + travel expenses
    ExtraService.objects.create(
        policy=organization.policy,
        key="desarrollo",
        name="Desarrollo a la medida",
        price=Decimal("95000.00"),
        currency="COP",
    )
    quote = quote_extra_service(
        organization, "desarrollo", Decimal("2.5"), actor=agent, on=dt.date(2026, 7, 5)
    )
    accept_quote(quote, actor=agent, on=dt.date(2026, 7, 6))
    bill_plan_fees(JULY_1)
    per_event_released()
    return list(Charge.objects.select_related("time_entry"))


def test_every_kind_of_charge_recomputes_to_its_stored_amounts(ledger):
    assert {c.kind for c in ledger} == set(Charge.Kind.values)
    for charge in ledger:
        assert charge_is_exact(charge), charge


def test_a_tampered_charge_no_longer_recomputes(ledger):
    charge = next(c for c in ledger if c.kind == Charge.Kind.TIME)
    charge.net -= Decimal("0.01")
    assert not charge_is_exact(charge)


def test_every_money_field_is_a_decimal(ledger):
    for charge in ledger:
        for field in MONEY_FIELDS:
            assert type(getattr(charge, field)) is Decimal, (charge.kind, field)
        for discount in charge.discounts:
            assert all(isinstance(v, str) for v in discount.values())
    statement = monthly_statement(ledger[0].organization, 2026, 7, today=dt.date(2026, 7, 31))
    for totals in statement.totals:
        for value in (totals.gross, totals.discounts, totals.net):
            assert type(value) is Decimal
