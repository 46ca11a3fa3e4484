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
