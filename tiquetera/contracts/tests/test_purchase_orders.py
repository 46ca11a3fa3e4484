"""Seed 000 (ISYS): per-event service "requiere que el cliente envíe una orden de compra ... firmada
por la persona autorizada para solicitar servicios". A case beyond the plan waits for it."""

from decimal import Decimal

import pytest

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Consumption, Plan, PurchaseOrder
from tiquetera.contracts.services import (
    attach_purchase_order,
    consume,
    credit_back,
    start_contract,
)
from tiquetera.contracts.tests.factories import (
    JULY_1,
    PlanFactory,
    PurchaseOrderFactory,
    SignerFactory,
    at,
)
from tiquetera.testing.factories import ContactFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
Outcome = Consumption.Outcome


@pytest.fixture
def organization():
    plan = PlanFactory(total_cap=1, when_exhausted=Plan.WhenExhausted.PER_EVENT_PO)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    return organization


def waiting_cases(organization, n):
    consume(organization, "P1", reference="covered", at=at(JULY_1, 8))
    return [
        consume(organization, "P1", reference=f"wait-{i}", at=at(JULY_1, 9 + i)) for i in range(n)
    ]


def test_a_case_beyond_the_plan_waits_for_a_purchase_order(organization):
    (result,) = waiting_cases(organization, 1)
    assert result.outcome == Outcome.AWAITING_PURCHASE_ORDER
    assert result.price == Decimal("900.00")


def test_a_purchase_order_signed_by_an_authorized_contact_releases_the_oldest_waiting_cases(
    organization,
):
    waiting_cases(organization, 3)
    po = PurchaseOrderFactory.build(
        organization=organization,
        signer=SignerFactory(organization=organization),
        quantity=Decimal("2"),
    )

    released = attach_purchase_order(po, actor=UserFactory())

    assert [c.reference for c in released] == ["wait-0", "wait-1"]
    assert set(
        Consumption.objects.filter(outcome=Outcome.PER_EVENT).values_list("reference", flat=True)
    ) == {"wait-0", "wait-1"}
    assert Consumption.objects.get(reference="wait-2").outcome == Outcome.AWAITING_PURCHASE_ORDER
    po.refresh_from_db()
    assert po.attached_at is not None and po.consumptions.count() == 2


def test_a_purchase_order_signed_by_someone_who_may_not_sign_is_refused_naming_the_signer(
    organization,
):
    waiting_cases(organization, 1)
    po = PurchaseOrderFactory.build(
        organization=organization, signer=ContactFactory(organization=organization)
    )
    with pytest.raises(ContractsError) as refused:
        attach_purchase_order(po, actor=None)
    assert (refused.value.code, refused.value.field) == ("signer_may_not_sign", "signer")
    assert po.signer.name in refused.value.message
    assert not PurchaseOrder.objects.exists()
    assert Consumption.objects.filter(outcome=Outcome.AWAITING_PURCHASE_ORDER).count() == 1


def test_a_signer_of_another_organization_may_not_sign(organization):
    po = PurchaseOrderFactory.build(organization=organization, signer=SignerFactory())
    with pytest.raises(ContractsError) as refused:
        attach_purchase_order(po, actor=None)
    assert refused.value.field == "signer"


def test_a_purchase_order_attaches_once(organization):
    waiting_cases(organization, 2)
    po = PurchaseOrderFactory.build(
        organization=organization, signer=SignerFactory(organization=organization)
    )
    assert len(attach_purchase_order(po, actor=None)) == 1
    with pytest.raises(ContractsError) as refused:
        attach_purchase_order(po, actor=None)
    assert (refused.value.code, refused.value.field) == ("already_attached", "number")


def test_a_purchase_order_number_is_unique_for_the_organization(organization):
    signer = SignerFactory(organization=organization)
    attach_purchase_order(
        PurchaseOrderFactory.build(organization=organization, signer=signer, number="OC-1"),
        actor=None,
    )
    with pytest.raises(ContractsError) as refused:
        attach_purchase_order(
            PurchaseOrderFactory.build(organization=organization, signer=signer, number="OC-1"),
            actor=None,
        )
    assert (refused.value.code, refused.value.field) == ("duplicate_purchase_order", "number")


def test_a_purchase_order_for_hours_releases_no_per_event_case(organization):
    waiting_cases(organization, 1)
    po = PurchaseOrderFactory.build(
        organization=organization,
        signer=SignerFactory(organization=organization),
        covers=PurchaseOrder.Covers.HOURS,
        quantity=Decimal("4.5"),
    )
    assert attach_purchase_order(po, actor=None) == []


def test_a_credited_back_case_is_not_released(organization):
    first, _ = waiting_cases(organization, 2)
    credit_back(first.consumption, reason="duplicate")
    po = PurchaseOrderFactory.build(
        organization=organization, signer=SignerFactory(organization=organization)
    )
    assert [c.reference for c in attach_purchase_order(po, actor=None)] == ["wait-1"]
