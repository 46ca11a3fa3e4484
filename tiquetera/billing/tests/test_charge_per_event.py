"""A per-event case is charged once its purchase order releases it, at the plan's per-event price
without discounts (seed 000, ISYS: per-event service needs a signed purchase order; seed 001,
CustomSoft: pay-per-event services "no incluyen descuentos")."""

from decimal import Decimal

import pytest

from tiquetera.billing.services import charge_consumption, recompute, stored_line
from tiquetera.contracts.models import Plan
from tiquetera.contracts.services import attach_purchase_order, consume, start_contract
from tiquetera.contracts.tests.factories import (
    JULY_1,
    PlanFactory,
    PurchaseOrderFactory,
    SignerFactory,
    at,
)
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    plan = PlanFactory(
        total_cap=0,
        currency="COP",
        when_exhausted=Plan.WhenExhausted.PER_EVENT_PO,
        per_event_price=Decimal("250000.00"),
        extra_services_discount=Decimal("10"),
    )
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    return consume(organization, "P1", reference="C-9", at=at(JULY_1)).consumption


def test_a_case_awaiting_its_purchase_order_is_not_charged_yet(waiting):
    assert charge_consumption(waiting) is None


def test_a_released_per_event_case_is_charged_at_the_per_event_price_without_discounts(waiting):
    organization = waiting.organization
    po = PurchaseOrderFactory.build(
        organization=organization, signer=SignerFactory(organization=organization)
    )
    (released,) = attach_purchase_order(po, actor=None)

    charge = charge_consumption(released)

    assert charge is not None
    assert (charge.kind, charge.quantity, charge.unit_price) == (
        "per_event",
        Decimal("1"),
        Decimal("250000.00"),
    )
    assert charge.discounts == []
    assert charge.gross == charge.net == Decimal("250000.00")
    assert recompute(charge) == stored_line(charge)
