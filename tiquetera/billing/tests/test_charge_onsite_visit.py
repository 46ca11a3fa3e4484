"""On-site visits are free up to the plan's monthly quota, then charged at the per-event price
(seed 001, CustomSoft: "hasta 1 presencial por mes"; pay-per-event: "la resolución de 1 evento en
sitio … o remoto")."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.services import charge_onsite_visit, recompute, stored_line
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory
from tiquetera.testing.factories import AgentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def intermedia_client(**plan_fields):
    plan = IntermediaPlanFactory(per_event_price=Decimal("1800.00"), **plan_fields)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    return organization


def test_the_first_visit_of_the_month_is_included_and_the_second_is_charged():
    organization, agent = intermedia_client(), AgentFactory()

    first = charge_onsite_visit(organization, on=dt.date(2026, 7, 3), actor=agent, reference="V1")
    second = charge_onsite_visit(organization, on=dt.date(2026, 7, 20), actor=agent)
    next_month = charge_onsite_visit(organization, on=dt.date(2026, 8, 4), actor=agent)

    assert (first.kind, first.net) == ("onsite_visit", Decimal("0.00"))
    assert (second.gross, second.net, second.discounts) == (
        Decimal("1800.00"),
        Decimal("1800.00"),
        [],
    )
    assert next_month.net == Decimal("0.00")  # the quota is per month (renewed on August 1)
    for charge in (first, second, next_month):
        assert recompute(charge) == stored_line(charge)


def test_a_visit_beyond_the_quota_without_a_per_event_price_is_refused():
    organization = intermedia_client(onsite_visits_per_month=0)
    organization.contracts.get().plan.__class__.objects.update(per_event_price=None)
    with pytest.raises(BillingRefused) as refused:
        charge_onsite_visit(organization, on=dt.date(2026, 7, 3), actor=AgentFactory())
    assert refused.value.code == "no_onsite_price"


def test_a_visit_without_a_contract_in_force_is_refused():
    organization = intermedia_client()
    with pytest.raises(BillingRefused) as refused:
        charge_onsite_visit(organization, on=dt.date(2026, 6, 30), actor=AgentFactory())
    assert refused.value.code == "no_active_contract"
