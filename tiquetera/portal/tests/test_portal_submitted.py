"""After submitting: the case number and what happens next, by outcome — an accepted case's
deadlines from its SLA clocks in the organization's time zone, a parked case's missing piece, a
refused case's reason — and the notices the intake rules left for the requester."""

from zoneinfo import ZoneInfo

import pytest
from django.utils.html import escape

from tiquetera.sla.models import Clock
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.models import Case, IntakeRule
from tiquetera.tickets.tests.intake_world import client

from .conftest import jq_incidencia, signed_in

pytestmark = pytest.mark.django_db


def submit_and_follow(contact, data, language="en"):
    browser = signed_in(contact, language=language)
    response = browser.post("/portal/cases/new/", data)
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get(requester=contact)
    page = browser.get(response["Location"])
    assert page.status_code == 200
    return case, page.content.decode()


def test_an_accepted_case_says_when_we_answer_in_the_organizations_time_zone():
    """Seed 004: "La primera respuesta al ticket, se dará en un plazo máximo de 3 (TRES) horas";
    "El tiempo de respuesta máximo serán 48 horas hábiles"."""
    _org, usr = client("soho-apps", plan="soporte", time_zone="America/Mexico_City")
    # at any hour: the weekend rule has its own tests
    IntakeRule.objects.get(policy=usr.organization.policy, kind="out_of_hours").delete()
    data = {
        "case_type": "licencia",
        "shown_type": "licencia",
        "severity": "NORMAL",
        "field_application": "SOHO Hotel",
        "subject": "Vence la licencia de la sede norte",
        "phone": "+57 310 614 9927",
    }
    case, page = submit_and_follow(usr, data)

    assert case.intake == "accepted"
    assert case.number in page
    assert "We received your case." in page
    zone = ZoneInfo("America/Mexico_City")
    for metric in ("first_response", "resolution"):
        due = Clock.objects.get(case=case, metric=metric).due_at
        assert f'datetime="{due.astimezone(zone).isoformat()}"' in page
    assert "We will answer by" in page and "We aim to solve it by" in page
    assert "Mexico City time" in page and "America/Mexico_City" not in page  # zones by city


def test_a_case_waiting_for_the_usrs_verification_says_so(jq_usr):
    """Seed 002: a case from someone other than the USR waits for the USR's verification."""
    user = ContactFactory(organization=jq_usr.organization, role="user", email="aux@hotel.co")
    case, page = submit_and_follow(user, jq_incidencia(), language="es")
    assert case.intake == "parked" and case.status == "pending_verification"
    assert escape(case.intake_message) in page
    assert "supervisor (USR)" in page


def test_a_refused_case_gives_the_reason_and_what_to_do():
    """Seed 002: "...en caso de que el cliente no se encuentre al día en sus obligaciones"."""
    _org, usr = client("jq-systems", plan="suscripcion-1", standing="behind")
    case, page = submit_and_follow(usr, jq_incidencia(), language="es")
    assert case.intake == "refused" and case.status == "invalid"
    assert escape(case.intake_message).split("\n")[0] in page
    assert "pagos" in page


def test_an_urgency_is_told_to_call_or_write_quoting_its_number(jq_usr):
    """Seed 002: an urgency is sent through the form "y notificarlo a través de las líneas
    telefónicas o por chat"."""
    data = jq_incidencia(case_type="urgencia", shown_type="urgencia", severity="S3")
    data.pop("field_module")
    case, page = submit_and_follow(jq_usr, data)
    assert "urgency_notice_pending" in case.flags
    notice = case.intake_checks.get(code="urgency_notice_pending").message
    assert escape(notice) in page
    assert 'id="notices"' in page


def test_without_a_first_response_target_the_assignment_says_when_we_take_it(jq_usr):
    """Seed 002 promises assignment and resolution, no first response: S2 "Asignación del caso
    de 0 a 24 horas laborables", resolution within 7 working days."""
    case, page = submit_and_follow(jq_usr, jq_incidencia())
    assert case.intake == "accepted"
    assert "We will answer by" not in page
    assert "An agent will take your case by" in page and "We aim to solve it by" in page
    due = Clock.objects.get(case=case, metric="assignment").due_at
    assert f'datetime="{due.astimezone(ZoneInfo("America/Bogota")).isoformat()}"' in page
