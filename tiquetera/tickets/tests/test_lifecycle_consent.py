"""Seed 002 (JQ Systems), "Actividades no incluidas": "En caso de surgir alguna incidencia no
soportada, será remitida al proveedor aliado de servicios que corresponda, bajo el consentimiento
previo del cliente". The client answers on the portal, through the API or by writing "sí" / "no"
(email, WhatsApp); an agent records an answer given by phone on the desk."""

import pytest
from django.test import Client

from tiquetera.audit.models import AuditEvent
from tiquetera.notifications.models import Notification
from tiquetera.portal.tests.conftest import signed_in
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.inbound import client_wrote
from tiquetera.tickets.models import Article, Case

from .intake_world import client, request

pytestmark = pytest.mark.django_db

DONE = [
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
]


def printer_case():
    """A JQ case about a printer: referred to the partner only with the client's consent."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    case = submit(
        request(
            usr,
            case_type="incidencia",
            category="dispositivos",
            subject="La impresora de recepción no imprime",
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=DONE,
        )
    )
    assert case.status == Case.Status.PENDING_CONSENT
    return case, usr


def status_of(case):
    return Case.objects.get(pk=case.pk).status


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("Sí, acepto.", Case.Status.REFERRED),
        ("si", Case.Status.REFERRED),
        ("Yes", Case.Status.REFERRED),
        ("No, gracias", Case.Status.REJECTED),
        ("no", Case.Status.REJECTED),
    ],
)
def test_a_written_yes_or_no_answers_the_referral(answer, status):
    case, usr = printer_case()
    client_wrote(case, body=f"{answer}\n\n> El mensaje anterior", contact=usr, channel="email")
    assert status_of(case) == status
    changed = AuditEvent.objects.filter(verb="case.status_changed", object_id=str(case.pk))
    assert [e.after["status"] for e in changed] == [status]
    told = Notification.objects.filter(kind="case_refused").latest("pk").text_body
    assert ("remitido a nuestro proveedor aliado" in told) == (status == Case.Status.REFERRED)


def test_a_reply_that_is_neither_yes_nor_no_is_kept_and_asks_again():
    case, usr = printer_case()
    asked = Notification.objects.filter(kind="case_parked").count()
    client_wrote(case, body="¿Cuál es el proveedor?", contact=usr, channel="whatsapp")
    assert status_of(case) == Case.Status.PENDING_CONSENT
    assert Article.objects.filter(case=case, body_text="¿Cuál es el proveedor?").exists()
    again = Notification.objects.filter(kind="case_parked")
    assert again.count() == asked + 1
    question = again.latest("pk").text_body
    assert "proveedor aliado" in question
    assert f"/portal/cases/{case.number}/" in question  # or a link to answer on the portal


def test_the_client_consents_from_the_portal_case_page():
    case, usr = printer_case()
    browser = signed_in(usr)
    page = browser.get(f"/portal/cases/{case.number}/").content.decode()
    assert f'action="/portal/cases/{case.number}/consent/"' in page
    response = browser.post(f"/portal/cases/{case.number}/consent/", {"decision": "decline"})
    assert response.status_code == 302
    assert status_of(case) == Case.Status.REJECTED
    assert "consent/" not in browser.get(f"/portal/cases/{case.number}/").content.decode()


def test_the_client_consents_through_the_api_once():
    case, usr = printer_case()
    api = signed_in(usr)
    url = f"/api/v1/cases/{case.number}/consent"
    first = api.post(url, {"accept": True}, content_type="application/json")
    assert (first.status_code, first.json()["status"]) == (200, "referred")
    again = api.post(url, {"accept": False}, content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (400, "not_pending")
    assert status_of(case) == Case.Status.REFERRED


def test_an_agent_sees_the_wait_and_records_the_answer_on_the_desk(agent_client: Client):
    case, _usr = printer_case()
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert 'id="action-consent"' in page
    response = agent_client.post(f"/cases/{case.number}/consent/", {"decision": "accept"})
    assert response.status_code == 302
    assert status_of(case) == Case.Status.REFERRED
    assert 'id="action-consent"' not in agent_client.get(f"/cases/{case.number}/").content.decode()
