"""Extra tickets are charged at the plan's price less its discounts, in Decimal (seed 001,
CustomSoft: 10 %/15 % off extra services; seed 003, Sisnova: 40 % off for WEB cloud clients)."""

from decimal import Decimal

import pytest

from tiquetera.billing.pricing import extra_ticket_line
from tiquetera.contracts.models import Consumption
from tiquetera.contracts.services import consume, extra_ticket_price, start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory, at
from tiquetera.testing.factories import OrganizationFactory


def test_the_line_shows_each_discount_in_the_billing_order():
    plan = PlanFactory.build(
        name="Intermedia",
        currency="USD",
        extra_ticket_price=Decimal("100.00"),
        extra_services_discount=Decimal("15"),
        cloud_edition="WEB",
        cloud_discount=Decimal("40"),
    )
    line = extra_ticket_line(plan, OrganizationFactory.build(edition="web"))
    assert [(step.discount.label, step.amount.amount) for step in line.steps] == [
        ("Intermedia", Decimal("15.00")),
        ("WEB", Decimal("34.00")),
    ]
    assert line.net.amount == Decimal("51.00")
    assert line.recompute() == line


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edition", "price"), [("WEB", Decimal("30.60")), ("LOCAL", Decimal("51.00"))]
)
def test_an_extra_ticket_costs_less_the_plan_discount_and_the_cloud_discount(edition, price):
    plan = PlanFactory(
        total_cap=0,
        currency="USD",
        extra_ticket_price=Decimal("60.00"),
        extra_services_discount=Decimal("15"),
        cloud_edition="WEB",
        cloud_discount=Decimal("40"),
    )
    organization = OrganizationFactory(policy=plan.policy, edition=edition)
    start_contract(organization, plan, start=JULY_1, actor=None)

    result = consume(organization, "P1", reference="extra", at=at(JULY_1))

    assert (result.outcome, result.price, result.currency) == (
        Consumption.Outcome.EXTRA,
        price,
        "USD",
    )
    assert extra_ticket_price(plan, organization) == price
    stored = Consumption.objects.get()
    assert isinstance(stored.price, Decimal) and stored.price == price
