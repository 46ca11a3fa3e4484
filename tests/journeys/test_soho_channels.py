"""Soho Apps (seed 004_c5168ccd74ab8109.txt), "HORARIOS DE ATENCIÓN": "La atención telefónica
estará limitada a indicarle al solicitante el estado de su ticket, salvo en contadas
excepciones, tales como fallo total o parcial del sistema se realizará atención telefónica de
soporte técnico." — through the desk's call pages: the call is logged, then its page offers
exactly that: the status of a case (the call recorded on it) or a failure (a case opened)."""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.tickets.models import Article, Case

from .world import client_of, open_case

pytestmark = pytest.mark.django_db
STATUS_ONLY = "En días hábiles una llamada informa el estado de un caso"


def soho_client_and_day(*, working: bool):
    """A Soho client whose plan covers the latest working day (or weekend or holiday) of the
    regular calendar before now, and 10:00 of that day: when the call came in."""
    organization, usr = client_of("soho-apps", None, time_zone="America/Bogota")
    usr.email, usr.phone = "ana.perez@hotelsoho.co", "+57 606 3134484"
    usr.save(update_fields=["email", "phone"])
    engine = engine_for(Calendar.objects.get(policy=organization.policy, key="regular"))
    day = timezone.localtime(timezone.now(), engine.tz).date() - dt.timedelta(days=1)
    while (engine.closed_reason(day) is None) != working:
        day -= dt.timedelta(days=1)
    start_contract(organization, "soporte", start=day.replace(day=1), actor=None)
    return organization, usr, dt.datetime.combine(day, dt.time(10, 0))


def log_call(agent_client, organization, contact, started: dt.datetime, summary: str) -> str:
    """The call logged on the desk's form; the address of its page."""
    response = agent_client.post(
        "/calls/new/",
        {
            "organization": organization.pk,
            "contact": contact.pk,
            "number": "+57 606 3134484",
            "direction": "in",
            "started_at": started.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 3,
            "summary": summary,
        },
    )
    assert response.status_code == 302, response.content.decode()[-600:]
    return response["Location"]


def case_types_offered(page: str) -> set[str]:
    select = re.search(r'<select name="case_type".*?</select>', page, re.S)
    assert select is not None
    return set(re.findall(r'<option value="([^"]+)"', select.group(0)))


def test_on_a_weekday_a_call_gives_the_status_of_the_ticket(agent_client):
    """ "limitada a indicarle al solicitante el estado de su ticket": the page offers the status
    of a case and, for cases, only the failure types; the call is recorded on the ticket."""
    organization, ana, started = soho_client_and_day(working=True)
    ticket = open_case(
        ana,
        case_type="licencia",
        fields={"application": "SOHO Hotel"},
        requester_phone="+57 606 3134484",
    )
    call = log_call(
        agent_client, organization, ana, started, f"Pregunta cómo va el ticket {ticket.number}."
    )

    page = html.unescape(agent_client.get(call).content.decode())

    assert STATUS_ONLY in page
    assert "Estado de un caso: registrar la llamada en él" in page
    assert "Fallo total o parcial: abrir un caso" in page
    assert case_types_offered(page) == {"fallo-total", "inconveniente"}

    response = agent_client.post(call.rstrip("/") + "/record/", {"case": ticket.pk})

    assert response.status_code == 302 and response["Location"] == f"/cases/{ticket.number}/"
    note = Article.objects.filter(case=ticket, kind="note").latest("pk")
    assert f"Pregunta cómo va el ticket {ticket.number}." in note.body_text
    assert Case.objects.count() == 1


def test_on_a_weekday_a_call_opens_a_case_only_for_a_total_or_partial_failure(agent_client):
    """ "salvo en contadas excepciones, tales como fallo total o parcial del sistema": a license
    question by phone opens no case; a total failure does, by phone, through the intake rules."""
    organization, ana, started = soho_client_and_day(working=True)
    call = log_call(agent_client, organization, ana, started, "No pueden facturar: todo caído.")
    case_url = call.rstrip("/") + "/case/"
    licence = {
        "case_type": "licencia",
        "shown_type": "licencia",
        "severity": "NORMAL",
        "field_application": "SOHO Hotel",
        "subject": "Vence la licencia",
        "phone": "+57 606 3134484",
    }

    refused = agent_client.post(case_url, licence)

    assert refused.status_code == 200 and not Case.objects.exists()
    reason = html.unescape(refused.content.decode())
    assert "En días hábiles una llamada informa el estado de los casos" in reason
    assert "“Fallo total o imposibilidad para facturar”" in reason

    failure = {
        **licence,
        "case_type": "fallo-total",
        "shown_type": "fallo-total",
        "severity": "ALTA",
        "subject": "Sistema caído, no se puede facturar",
    }
    opened = agent_client.post(case_url, failure)

    case = Case.objects.get()
    assert opened.status_code == 302 and opened["Location"] == f"/cases/{case.number}/"
    assert (case.channel, case.case_type, case.intake) == ("phone", "fallo-total", "accepted")
    assert case.description == "No pueden facturar: todo caído."


def test_on_a_weekend_the_call_is_the_out_of_hours_rules(agent_client):
    """ "Los fines de semana y festivos: Solo se atenderán requerimientos vía llamada
    telefónica": the weekday limit does not apply; the out-of-hours rule decides the case."""
    organization, ana, started = soho_client_and_day(working=False)
    call = log_call(agent_client, organization, ana, started, "Sistema caído el domingo.")

    page = html.unescape(agent_client.get(call).content.decode())

    assert STATUS_ONLY not in page and "Abrir un caso a partir de esta llamada" in page
    assert "licencia" in case_types_offered(page)
