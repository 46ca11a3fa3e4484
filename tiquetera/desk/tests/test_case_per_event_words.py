"""A per-event case (ISYS, seed 000: a client without a plan) on the agent's case page reads in
words: its price as money is written ("$ 180.000,00 COP", no "-" for a priority it has not), and
the status change its purchase order brought says so rather than the code it was recorded with."""

from decimal import Decimal

import pytest

from tiquetera.contracts.tests.factories import SignerFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.billable import attach_purchase_order
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client, request

pytestmark = pytest.mark.django_db


def block(page: str, marker: str, end: str) -> str:
    return page.split(marker, 1)[1].split(end, 1)[0]


def test_a_per_event_case_reads_in_words_before_and_after_its_purchase_order(agent_client, agent):
    organization, ana = client("isys", plan=None, role="user", email="ana@ferreteria.co")
    signer = SignerFactory(organization=organization, email="gerente@ferreteria.co")
    case = submit(request(ana, case_type="soporte"))
    assert case.status == Case.Status.PENDING_PURCHASE_ORDER

    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    entitlement = block(page, 'id="entitlement"', "</td>").replace("\xa0", " ")
    assert "$ 180.000,00 COP" in entitlement
    assert "180000" not in entitlement and " - " not in entitlement

    attach_purchase_order(
        case, number="OC-7", amount=Decimal("180000.00"), signer=signer, actor=agent
    )
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    history = block(page, 'id="conversation"', "</section>")
    assert "Se recibió la orden de compra firmada." in history
    assert "purchase_order" not in history
    entitlement = block(page, 'id="entitlement"', "</td>").replace("\xa0", " ")
    assert "Cobro: servicio por evento · $ 180.000,00 COP" in entitlement


def test_the_purchase_order_amount_reads_and_is_read_as_a_person_writes_it(agent_client):
    """The desk's form showed "180000.00" (Python's digits) and a Spanish "180.000" typed back
    must be 180 000 pesos, not 180."""
    organization, ana = client("isys", plan=None, role="user", email="ana@ferreteria.co")
    signer = SignerFactory(organization=organization, email="gerente@ferreteria.co")
    case = submit(request(ana, case_type="soporte"))

    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    form = block(page, 'id="action-purchase_order"', "</form>")
    assert 'name="amount" value="180.000"' in form and 'inputmode="decimal"' in form

    response = agent_client.post(
        f"/cases/{case.number}/purchase_order/",
        {"number": "OC-7", "amount": "180.000", "signer": signer.pk},
    )
    assert response.status_code in (200, 302)
    case.refresh_from_db()
    assert case.status != Case.Status.PENDING_PURCHASE_ORDER
    assert organization.purchase_orders.get(number="OC-7").amount == Decimal("180000.00")
