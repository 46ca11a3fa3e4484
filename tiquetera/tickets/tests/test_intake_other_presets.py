"""ISYS, CustomSoft and Sisnova intake, end to end (seeds 000, 001 and 003)."""

import pytest

from tiquetera.contracts.tests.factories import PurchaseOrderFactory  # noqa: F401
from tiquetera.tickets.intake.pipeline import submit, supply_information
from tiquetera.tickets.models import Case

from .intake_world import client, request

pytestmark = pytest.mark.django_db


def test_isys_email_case_opens_on_the_support_plan():
    """seeds/000: "Soporte vía e-mail o WhatsApp. El cliente debe escribir un correo electrónico
    indicando su inconveniente"."""
    _org, ana = client("isys", plan="soporte-actualizaciones")
    case = submit(request(ana, channel="email", case_type="soporte"))
    assert case.status == Case.Status.OPEN
    assert case.number.startswith("ISYS-2026-")
    assert case.flags == []


def test_isys_per_event_client_waits_for_a_purchase_order():
    """seeds/000: "soporte por evento ... requiere que el cliente envié una orden de compra, cada
    vez que requiera un servicio"."""
    _org, ana = client("isys", plan="por-evento")
    case = submit(request(ana, channel="email", case_type="soporte"))
    assert case.status == Case.Status.PENDING_PURCHASE_ORDER
    assert case.intake_reason == "purchase_order_required"
    assert case.consumption.outcome == "awaiting_po"


def test_isys_case_without_a_description_waits_for_it():
    _org, ana = client("isys", plan="soporte-actualizaciones")
    case = submit(request(ana, channel="email", case_type="soporte", description=""))
    assert case.status == Case.Status.PENDING_INFORMATION


def test_customsoft_priority_quota_runs_out_into_a_per_event_service():
    """seeds/001: Póliza básica "Prioridad 3: Hasta 1 ticket"; beyond it, pago por evento at
    CustomSoft's price, once the client accepts it."""
    _org, ana = client("customsoft", plan="basica", country="MX", time_zone="America/Mexico_City")
    ana.phone = ""
    ana.save()
    first = submit(request(ana, case_type="consulta"))
    assert (first.status, first.priority) == (Case.Status.OPEN, "P3")
    second = submit(request(ana, case_type="consulta"))
    assert second.status == Case.Status.PENDING_ACCEPTANCE
    assert second.intake_reason == "price_acceptance_required"
    assert second.consumption.reason == "exhausted"
    assert "$\xa01.500,00 MXN" in second.intake_message  # the price, in Spanish (es-CO)


def test_customsoft_priority_4_is_not_in_any_poliza():
    _org, ana = client("customsoft", plan="basica", country="MX", time_zone="America/Mexico_City")
    case = submit(request(ana, case_type="incidente", severity="P4"))
    assert case.consumption.reason == "not_included"


def test_sisnova_requires_an_active_plan():
    """seeds/003: "Para poder solicitar soporte, deberá contar con un plan de soporte activo"."""
    _org, ana = client("sisnova", plan=None, country="PA", edition="LOCAL")
    case = submit(request(ana, case_type="soporte"))
    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "no_active_plan")


def test_sisnova_plan_covers_only_its_edition():
    """seeds/003: separate plans for INVEX LOCAL and INVEX WEB users."""
    _org, ana = client("sisnova", plan="web-mensual", country="PA", edition="LOCAL")
    case = submit(request(ana, case_type="soporte"))
    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "not_covered")
    assert "WEB" in case.intake_message


def test_sisnova_case_from_the_portal_is_accepted_and_completed_later():
    _org, ana = client("sisnova", plan="local-mensual", country="PA", edition="LOCAL")
    case = submit(request(ana, case_type="soporte", description=""))
    assert case.status == Case.Status.PENDING_INFORMATION
    case = supply_information(case, actor=None, description="El inventario no cuadra.")
    assert case.status == Case.Status.OPEN
    assert case.description == "El inventario no cuadra."


def test_an_isys_email_without_a_case_type_takes_the_channels_type():
    """ISYS's `[desk] channel_case_types`: an email names no type, and is support."""
    _org, contact = client("isys", plan="soporte-actualizaciones")

    case = submit(request(contact, channel="email", case_type=""))

    assert case.case_type == "soporte"
    assert "insufficient_information" not in case.intake_reason
