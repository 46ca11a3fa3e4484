"""CustomSoft (seeds/001_a420c0afa0bc6e18.txt), "PAGO INDIVIDUAL POR EVENTO" in the seed's order:
a client whose póliza ran out pays the event at CustomSoft's price, and a client without a póliza
(or with an expired one) is served per event after a quote, never with discounts. The seed asks
for no purchase order: the case waits for the client to accept the price. Each journey goes from
the request (REST API) to the monthly statement, the client answering in the portal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_is_exact
from tiquetera.contracts.models import Consumption, Contract
from tiquetera.contracts.services import start_contract
from tiquetera.notifications.models import Notification
from tiquetera.sla.models import Clock
from tiquetera.tickets.lifecycle.billable import yes_or_no
from tiquetera.tickets.lifecycle.inbound import client_wrote
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client

from .world import open_by_api, signed_in, statement

pytestmark = pytest.mark.django_db
PRICE = Decimal("1500.00")  # the preset's example "precio especificado por CUSTOMSOFT"
MEXICO = {"country": "MX", "time_zone": "America/Mexico_City"}


def _intermedia() -> tuple:
    organization, contact = client("customsoft", plan=None, email="compras@taller.mx", **MEXICO)
    start_contract(
        organization, "intermedia", start=timezone.localdate().replace(day=1), actor=None
    )
    return organization, contact


def test_intermedia_used_up_by_its_total_is_a_per_event_service_once_the_price_is_accepted():
    """seeds/001 lines 56-74 and 106-113: Intermedia has "Hasta 14 eventos" with Prioridad 1: 6,
    2: 5, 3: 4; "si estos se terminan se podrá realizar el evento al precio especificado por
    CUSTOMSOFT" — the 15th event of the month, though Prioridad 3 still has room, is a per-event
    service at that price, without the póliza's 15 % discount (line 115: "no incluyen
    descuentos"), attended once the client accepts it."""
    organization, contact = _intermedia()
    for severity, count in (("P1", 6), ("P2", 5), ("P3", 3)):
        for _ in range(count):
            case = open_by_api(contact, case_type="incidente", severity=severity, description="x")
            assert case.status == Case.Status.OPEN, case.intake_message

    fifteenth = open_by_api(contact, case_type="consulta", description="¿Cómo exporto?")

    assert fifteenth.status == Case.Status.PENDING_ACCEPTANCE
    assert fifteenth.consumption.reason == "exhausted"
    page = signed_in(contact).get(f"/portal/cases/{fifteenth.number}/").content.decode()
    assert "Acepte el precio del servicio por evento" in page
    assert "$\xa01.500,00 MXN" in page
    assert not Clock.objects.filter(case=fifteenth).exists()

    accepted_at = timezone.now()
    response = signed_in(contact).post(
        f"/portal/cases/{fifteenth.number}/price/", {"decision": "accept"}
    )

    assert response.status_code == 302
    fifteenth.refresh_from_db()
    assert fifteenth.status == Case.Status.OPEN
    clocks = Clock.objects.filter(case=fifteenth)
    assert clocks.exists() and all(c.started_at >= accepted_at for c in clocks)
    assert AuditEvent.objects.filter(verb="consumption.accepted").count() == 1
    (charge,) = Charge.objects.all()
    assert (charge.kind, charge.net, charge.currency, charge.discounts) == (
        "per_event",
        PRICE,
        "MXN",
        [],
    )
    assert charge_is_exact(charge)
    assert fifteenth.number in statement(organization, csv=True)

    again = signed_in(contact).post(
        f"/portal/cases/{fifteenth.number}/price/", {"decision": "accept"}
    )
    assert again.status_code == 302 and Charge.objects.count() == 1  # accepted once


def test_a_client_with_an_expired_poliza_gets_a_quote_and_may_decline_it():
    """seeds/001 lines 115-117: "Estos servicios son ofrecidos a aquellos clientes que no posean
    una póliza de soporte o tengan una y se encuentre expirada pero no incluyen descuentos o
    precios especiales"; "solicitando una cotización". The quote is in the case's answer; a
    declined quote closes the case with nothing billed, an accepted one is billed."""
    organization, contact = client("customsoft", plan=None, email="ti@clinica.mx", **MEXICO)
    start_contract(organization, "avanzada", start=dt.date(2026, 1, 1), actor=None)
    Contract.objects.filter(organization=organization).update(
        end=dt.date(2026, 7, 1), status=Contract.Status.EXPIRED
    )

    declined = open_by_api(contact, case_type="incidente", description="No timbra facturas.")

    assert declined.status == Case.Status.PENDING_ACCEPTANCE
    assert "no tiene un plan de soporte activo" in declined.intake_message
    assert "sin descuentos" in declined.intake_message
    signed_in(contact).post(f"/portal/cases/{declined.number}/price/", {"decision": "decline"})
    declined.refresh_from_db()
    assert (declined.status, declined.intake_reason) == (Case.Status.REJECTED, "price_declined")
    assert declined.consumption.credit_reason == Consumption.CreditReason.DECLINED
    assert not Charge.objects.exists()

    accepted = open_by_api(contact, case_type="incidente", description="Ahora no abre.")
    signed_in(contact).post(f"/portal/cases/{accepted.number}/price/", {"decision": "accept"})
    accepted.refresh_from_db()
    assert accepted.status == Case.Status.OPEN
    (charge,) = Charge.objects.all()
    assert (charge.net, charge.contract, charge.discounts) == (PRICE, None, [])
    billed = statement(organization)
    assert accepted.number in billed and declined.number not in billed


def test_the_quote_is_answered_by_replying_to_its_email():
    """seeds/001 line 117: "Favor de enviar un correo solicitando una cotización" — the quote goes
    by email, and the client answers it by email: an unclear answer is kept and the question
    asked again; "Sí, acepto." opens the case."""
    _organization, contact = client("customsoft", plan=None, email="ti@clinica.mx", **MEXICO)
    case = open_by_api(contact, case_type="incidente", description="No timbra facturas.")
    asked = Notification.objects.filter(kind="case_parked", to="ti@clinica.mx").count()

    client_wrote(case, body="¿Incluye IVA?", contact=contact, channel="email")
    case.refresh_from_db()
    assert case.status == Case.Status.PENDING_ACCEPTANCE
    assert Notification.objects.filter(kind="case_parked", to="ti@clinica.mx").count() == asked + 1

    client_wrote(case, body="Sí, acepto.\n\nSaludos, Luis", contact=contact, channel="email")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    assert Charge.objects.get().net == PRICE


def test_yes_and_no_are_read_in_spanish_and_english():
    assert [yes_or_no(t) for t in ("Sí", "si.", "ACEPTO", "Yes!", "de acuerdo")] == [True] * 5
    assert [yes_or_no(t) for t in ("No", "No, gracias.", "no thanks", "Rechazo")] == [False] * 4
    assert [yes_or_no(t) for t in ("", "¿Incluye IVA?", "Sí pero mañana")] == [None] * 3
