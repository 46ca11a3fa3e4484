"""ISYS Informática (seeds/000_5eab8bc32e3debb2.txt): what a client pays, in the seed's order —
service out of the standard coverage is per event and billed (line 12), and a client without a
plan is served per event, each time with a purchase order signed by the authorized person
(line 13). Each journey goes from the client's request to the monthly statement through the
product's doors: the REST API, the portal, the desk."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tiquetera.audit.models import AuditEvent
from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_is_exact
from tiquetera.contracts.models import EntitlementPeriod, PurchaseOrder
from tiquetera.contracts.services import attach_purchase_order
from tiquetera.contracts.tests.factories import SignerFactory
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import BOGOTA, client, request

from .world import PDF, agent, api, open_by_api, post, signed_in, statement

pytestmark = pytest.mark.django_db
PRICE = Decimal("180000.00")  # the preset's example price of a per-event service


@pytest.fixture
def no_plan():
    """An ISYS client that did not buy the support plan, with its authorized signer."""
    organization, requester = client("isys", plan=None, role="user", email="ana@ferreteria.co")
    signer = SignerFactory(organization=organization, email="gerente@ferreteria.co")
    return organization, requester, signer


def test_out_of_hours_work_is_a_per_event_service_billed_apart():
    """seeds/000 line 12: "solicitar servicios de soporte por evento en horario extra-laboral
    (fuera de cobertura del servicio estándar) los cuales generan sus respectivos cobros
    adicionales" — judged by when the client wrote (an email sent at 19:00), it takes no ticket
    of the plan and waits for its purchase order."""
    organization, ana = client("isys", plan="soporte-actualizaciones")
    sent = dt.datetime(2026, 7, 14, 19, 0, tzinfo=BOGOTA)  # Tuesday, after 17:00

    case = submit(request(ana, channel="email", case_type="soporte", received_at=sent))

    assert case.status == Case.Status.PENDING_PURCHASE_ORDER
    assert (case.consumption.outcome, case.consumption.reason) == ("awaiting_po", "out_of_hours")
    assert case.consumption.price == PRICE
    assert not EntitlementPeriod.objects.filter(
        contract__organization=organization, total_used__gt=0
    ).exists()
    in_hours = submit(request(ana, channel="email", case_type="soporte"))  # Tuesday 10:00
    assert (in_hours.status, in_hours.consumption.outcome) == (Case.Status.OPEN, "covered")


def test_a_client_without_a_plan_is_served_per_event_once_the_signed_order_arrives(no_plan):
    """seeds/000 line 13: "En el caso de que el cliente no desee obtener el plan de soporte y
    requiera asistencia, puede optar por el servicio de soporte por evento, el cual, genera cobro
    por cada servicio ... requiere que el cliente envié una orden de compra, cada vez que requiera
    un servicio, la cual, debe ser firmada por la persona autorizada"."""
    organization, ana, signer = no_plan

    case = open_by_api(ana, description="No genera la nómina de diciembre.", case_type="soporte")

    # parked with the price and what to do, told by email; nothing billed yet
    assert case.status == Case.Status.PENDING_PURCHASE_ORDER
    assert "180.000,00 COP" in case.intake_message.replace("\xa0", ".")
    assert "orden de compra firmada" in case.intake_message
    assert Notification.objects.filter(kind="case_parked", to="ana@ferreteria.co").exists()
    assert not Charge.objects.exists()

    # the requester sends the order their authorized manager signed, from the case's page
    page = signed_in(ana).get(f"/portal/cases/{case.number}/")
    assert "Envíe la orden de compra firmada" in page.content.decode()
    response = signed_in(ana).post(
        f"/portal/cases/{case.number}/purchase-order/",
        {
            "number": "OC-2026-118",
            "amount": "180000.00",
            "signer": signer.pk,
            "document": SimpleUploadedFile("orden-118.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()

    case.refresh_from_db()
    assert (case.status, case.intake) == (Case.Status.OPEN, Case.Intake.ACCEPTED)
    po = PurchaseOrder.objects.get(number="OC-2026-118")
    assert (po.signer, po.amount, po.attached_by) == (signer, PRICE, ana.user)
    assert po.document.name == case.attachments.get().file.name  # the signed document is kept
    assert AuditEvent.objects.filter(verb="purchase_order.attached").count() == 1
    assert AuditEvent.objects.filter(
        verb="case.status_changed", object_id=str(case.pk), after__status="open"
    ).exists()
    assert Notification.objects.filter(kind="case_received", to="ana@ferreteria.co").exists()

    # one per-event charge, at the plan's price without discounts, on the month's statement
    (charge,) = Charge.objects.all()
    assert (charge.kind, charge.net, charge.currency, charge.discounts) == (
        "per_event",
        PRICE,
        "COP",
        [],
    )
    assert charge_is_exact(charge)
    assert case.number in statement(organization)
    assert case.number in statement(organization, csv=True)

    # seeds/000 lines 5-9: written support first, then a call, remote access (AnyDesk) and, when
    # that cannot solve it, an on-site visit — each visit of a client without a plan is billed
    desk = agent()
    steps = [
        (
            "remote",
            {
                "skip_reason": "La llamada no aplicaba: error del servidor.",
                "tool": "AnyDesk",
                "session_id": "123 456 789",
            },
        ),
        ("onsite", {"note": "El servidor no arranca: visita a la bodega."}),
    ]
    for action, data in steps:
        response = desk.post(f"/cases/{case.number}/{action}/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
    visit = Charge.objects.get(kind="onsite_visit")
    assert (visit.net, visit.currency, visit.contract) == (PRICE, "COP", None)
    assert charge_is_exact(visit)
    assert "180.000,00" in statement(organization).replace("\xa0", ".")


def test_an_order_signed_by_someone_without_the_right_is_refused(no_plan):
    """seeds/000 line 13: the order "debe ser firmada por la persona autorizada"."""
    organization, ana, _signer = no_plan
    clerk = ContactFactory(organization=organization, email="auxiliar@ferreteria.co")
    case = open_by_api(ana, description="No imprime.", case_type="soporte")

    response = post(
        api(ana),
        f"/api/v1/cases/{case.number}/purchase-order",
        {"number": "OC-9", "amount": "180000.00", "signer": clerk.pk},
    )

    assert response.status_code == 400
    assert "no puede firmar órdenes de compra" in response.json()["message"]
    case.refresh_from_db()
    assert case.status == Case.Status.PENDING_PURCHASE_ORDER
    assert not PurchaseOrder.objects.exists() and not Charge.objects.exists()


def test_a_case_is_released_once_and_an_order_for_the_organization_opens_the_oldest(no_plan):
    """seeds/000 line 13: one purchase order "cada vez que requiera un servicio" — a second
    order for a case already open is refused, nothing is charged twice; an order recorded for
    the organization (the admin) opens the case that waited longest."""
    organization, ana, signer = no_plan
    first = open_by_api(ana, description="No abre.", case_type="soporte")
    second = open_by_api(ana, description="Tampoco imprime.", case_type="soporte")
    order = {"number": "OC-1", "amount": "180000.00", "signer": signer.pk}

    assert post(agent(), f"/api/v1/cases/{first.number}/purchase-order", order).status_code == 200
    again = post(
        agent(), f"/api/v1/cases/{first.number}/purchase-order", order | {"number": "OC-2"}
    )

    assert again.status_code == 400
    assert first.number in again.json()["message"]
    assert not PurchaseOrder.objects.filter(number="OC-2").exists()
    assert Charge.objects.count() == 1

    attach_purchase_order(
        PurchaseOrder(
            organization=organization,
            number="OC-3",
            signer=signer,
            quantity=Decimal(1),
            amount=PRICE,
            currency="COP",
        ),
        actor=None,
    )
    second.refresh_from_db()
    assert second.status == Case.Status.OPEN
    assert Charge.objects.count() == 2
    assert all(charge_is_exact(charge) for charge in Charge.objects.all())
