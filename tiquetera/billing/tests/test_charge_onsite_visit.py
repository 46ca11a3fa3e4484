"""On-site visits are free up to the plan's monthly quota, then charged at the plan's on-site
price; out of town they carry travel expenses as their own line; a plan for local clients only
quotes them by time (seed 001, CustomSoft: "hasta 1 presencial por mes (Aplica Restricciones de
Viáticos si se requieren)", "Aplica solo para clientes locales", "Servicios especiales foráneos
deberán cotizarse de acuerdo con el tiempo empleado total")."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.models import Charge
from tiquetera.billing.quotes import accept_quote, quote_onsite_by_time
from tiquetera.billing.services import charge_is_exact, charge_onsite_visit, recompute, stored_line
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory
from tiquetera.directory.models import Organization
from tiquetera.testing.factories import AgentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
OUT_OF_TOWN = Organization.Locality.OUT_OF_TOWN


def intermedia_client(locality=Organization.Locality.LOCAL, **plan_fields):
    fields = {"onsite_price": Decimal("1500.00"), "per_event_price": Decimal("1800.00")}
    plan = IntermediaPlanFactory(**{**fields, **plan_fields})
    organization = OrganizationFactory(policy=plan.policy, locality=locality)
    start_contract(organization, plan, start=JULY_1, actor=None)
    return organization


def test_the_first_visit_of_the_month_is_included_and_the_second_is_charged_at_the_onsite_price():
    organization, agent = intermedia_client(), AgentFactory()

    first = charge_onsite_visit(organization, on=dt.date(2026, 7, 3), actor=agent, reference="V1")
    second = charge_onsite_visit(organization, on=dt.date(2026, 7, 20), actor=agent)
    next_month = charge_onsite_visit(organization, on=dt.date(2026, 8, 4), actor=agent)

    assert (first.kind, first.net) == ("onsite_visit", Decimal("0.00"))
    assert (second.gross, second.net, second.discounts) == (
        Decimal("1500.00"),
        Decimal("1500.00"),
        [],
    )
    assert next_month.net == Decimal("0.00")  # the quota is per month (renewed on August 1)
    for charge in (first, second, next_month):
        assert recompute(charge) == stored_line(charge)


def test_a_visit_beyond_the_quota_without_an_onsite_price_is_refused():
    organization = intermedia_client(onsite_visits_per_month=0, onsite_price=None)
    with pytest.raises(BillingRefused) as refused:
        charge_onsite_visit(organization, on=dt.date(2026, 7, 3), actor=AgentFactory())
    assert refused.value.code == "no_onsite_price"


def test_a_visit_without_a_contract_in_force_is_refused():
    organization = intermedia_client()
    with pytest.raises(BillingRefused) as refused:
        charge_onsite_visit(organization, on=dt.date(2026, 6, 30), actor=AgentFactory())
    assert refused.value.code == "no_active_contract"


def test_a_visit_out_of_town_adds_travel_expenses_as_their_own_line():
    organization = intermedia_client(OUT_OF_TOWN, travel_expenses=Decimal("2500.00"))
    visit = charge_onsite_visit(organization, on=dt.date(2026, 7, 3), actor=AgentFactory())
    travel = Charge.objects.get(kind=Charge.Kind.TRAVEL_EXPENSES)
    assert visit.net == Decimal("0.00")  # the month's included visit
    assert (travel.net, travel.discounts, travel.contract_id) == (
        Decimal("2500.00"),
        [],
        visit.contract_id,
    )
    assert charge_is_exact(travel)


def test_a_local_only_plan_refuses_a_visit_out_of_town_and_quotes_it_by_time():
    organization = intermedia_client(
        OUT_OF_TOWN,
        onsite_local_only=True,
        travel_expenses=Decimal("2500.00"),
        hourly_rate=Decimal("900.00"),
        billing_fraction_minutes=30,
    )
    agent = AgentFactory()
    with pytest.raises(BillingRefused) as refused:
        charge_onsite_visit(organization, on=dt.date(2026, 7, 3), actor=agent)
    assert refused.value.code == "onsite_local_only"
    assert not Charge.objects.exists()

    quote = quote_onsite_by_time(
        organization, 200, actor=agent, reference="CS-9", on=dt.date(2026, 7, 3)
    )
    assert (quote.quantity, quote.net) == (Decimal("3.5"), Decimal("3150.00"))  # 3 h 30 min
    visit, travel = accept_quote(quote, actor=agent, on=dt.date(2026, 7, 6))
    assert (visit.kind, visit.net, visit.discounts) == ("onsite_visit", Decimal("3150.00"), [])
    assert (travel.kind, travel.net) == ("travel_expenses", Decimal("2500.00"))
    assert all(charge_is_exact(charge) for charge in (visit, travel))
    assert accept_quote(quote, actor=agent) == [visit, travel]  # accepting twice bills once
