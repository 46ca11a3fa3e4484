"""Soho Apps (seed 004_c5168ccd74ab8109.txt): what is not support, in the seed's order — "No son
inconvenientes: Solicitudes de capacitación ...", "SOLICITUD DE ASISTENCIA DIFERENTE A SOPORTE
TÉCNICO: ... capacitaciones ... deberá ser solicitada al correo electrónico: info@sohoapps.co y/o
con el área comercial" — through the portal form, the desk's case page and the API."""

import html

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.models import EntitlementPeriod
from tiquetera.tickets.models import Case, IntakeRule

from .world import agent, api, client_of, post, signed_in

pytestmark = pytest.mark.django_db


def soho_client(email: str = "ana.perez@hotelsoho.co"):
    organization, usr = client_of("soho-apps", "soporte", time_zone="America/Bogota")
    usr.email, usr.phone = email, "+57 606 3134484"
    usr.save(update_fields=["email", "phone"])
    # "Los fines de semana y festivos: Solo se atenderán requerimientos vía llamada telefónica"
    # has tests of its own (tickets/tests/test_intake_out_of_hours.py); these run at any hour
    IntakeRule.objects.get(policy=organization.policy, kind="out_of_hours").delete()
    return organization, usr


def licencia(**values: str) -> dict[str, str]:
    """A "Vencimiento de licencias" ticket as the portal form posts it, complete."""
    return {
        "case_type": "licencia",
        "shown_type": "licencia",
        "severity": "NORMAL",
        "field_application": "SOHO Hotel",
        "phone": "+57 606 3134484",
        **values,
    }


def tickets_used(organization) -> int:
    periods = EntitlementPeriod.objects.filter(contract__organization=organization)
    return sum(period.total_used for period in periods)


def test_a_training_request_by_its_words_goes_to_sales_takes_no_ticket_and_keeps_its_flags():
    """ "No son inconvenientes: Solicitudes de capacitación"; with the guide's "ASUNTO: Evite
    incluir la palabra “URGENTE”", "CORREO ELECTRÓNICO: ... que no sea un buzón de correo
    electrónico general" and "TELÉFONO DE CONTACTO: ... Ejemplo: +57 (6) 3134484" — the refused
    ticket still records what the agent should know."""
    organization, usr = soho_client(email="info@hotelsoho.co")
    portal = signed_in(usr)

    form = html.unescape(portal.get("/portal/cases/new/").content.decode())
    assert "“Capacitación” lo atiende nuestra área comercial, no soporte." in form

    sent = portal.post(
        "/portal/cases/new/",
        licencia(
            subject="URGENTE capacitación del módulo de licencias para la recepción",
            phone="+57 (6) 3134484",
        ),
    )
    assert sent.status_code == 302, sent.content.decode()[-1500:]
    case = Case.objects.get()
    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "routed_to_sales")
    assert {"urgent_word", "generic_mailbox", "phone_rewritten"} <= set(case.flags)
    assert case.consumption is None and tickets_used(organization) == 0

    page = html.unescape(portal.get(f"/portal/cases/{case.number}/").content.decode())
    assert "info@sohoapps.co" in page


def test_an_agent_marks_an_accepted_ticket_out_of_scope_and_the_ticket_is_given_back():
    """The agent reads that an accepted ticket asks for training after all: sent to sales with
    the reason, the requester told, and the ticket back in the entitlement."""
    organization, usr = soho_client()
    sent = signed_in(usr).post(
        "/portal/cases/new/",
        licencia(subject="No sabemos renovar la licencia de la sede norte"),
    )
    assert sent.status_code == 302, sent.content.decode()[-1500:]
    case = Case.objects.get()
    assert case.status == Case.Status.OPEN and tickets_used(organization) == 1

    desk = agent()
    written = AuditEvent.objects.count()
    marked = desk.post(
        f"/cases/{case.number}/out_of_scope/",
        {
            "action": "sales",
            "category": "capacitacion",
            "reason": "Piden que les enseñemos el proceso de renovación: es capacitación.",
        },
    )
    assert marked.status_code == 302, marked.content.decode()[-1500:]
    assert AuditEvent.objects.count() == written + 1  # one event, saying the credit too

    case.refresh_from_db()
    assert (case.status, case.intake_reason) == (Case.Status.REJECTED, "routed_to_sales")
    assert tickets_used(organization) == 0
    page = html.unescape(desk.get(f"/cases/{case.number}/").content.decode())
    assert "(fuera del alcance)" in page  # the entitlement block: credited back
    mine = api(usr).get(f"/api/v1/cases/{case.number}").json()
    assert "info@sohoapps.co" in mine["intake_message"]
    assert "es capacitación" in mine["intake_message"]


def test_the_api_marks_a_case_out_of_scope_for_an_agent():
    organization, usr = soho_client()
    opened = post(
        api(usr),
        "/api/v1/cases",
        {
            "subject": "Falla al abrir el módulo de reservas",
            "case_type": "licencia",
            "fields": {"application": "SOHO Hotel"},
        },
    ).json()
    assert opened["status"] == "open", opened
    url = f"/api/v1/cases/{opened['number']}/out-of-scope"
    done = post(agent(), url, {"action": "reject", "category": "virus", "reason": "Es un virus."})
    assert (done.status_code, done.json()["status"]) == (200, "rejected")
    assert tickets_used(organization) == 0
