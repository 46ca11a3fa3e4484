"""/api/v1/inquiries: agents list, read, answer, close and turn inquiries into cases with their
token, through the same services as the desk's page (same rules, same audit events); a client's
token is refused (403) and an unknown inquiry is a 404, as the rest of the API answers."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from tiquetera.api.tokens import issue_token
from tiquetera.audit.models import AuditEvent
from tiquetera.channels.phone.services import log_call
from tiquetera.inquiries.models import Inquiry
from tiquetera.inquiries.services import client_asked, inquiry_from_call
from tiquetera.testing.factories import AgentFactory, UserFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client

pytestmark = pytest.mark.django_db
JQ_STEP = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(api: Client, path: str, body: dict[str, object] | None = None):
    return api.post(path, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def agent_api() -> Client:
    agent = AgentFactory(username="agente")
    return bearer(issue_token(agent, name="ERP", actor=agent)[1])


@pytest.fixture
def ana():
    _org, contact = client("jq-systems", plan="suscripcion-1")
    contact.whatsapp, contact.whatsapp_opt_in = "+573106149927", False
    contact.user = UserFactory(username="ana")
    contact.save()
    return contact


def whatsapp_inquiry(contact) -> Inquiry:
    text = "No tenemos Internet en la sede y la nómina no liquida, error E-501."
    return client_asked(contact, body=text, channel="whatsapp", sent_at=timezone.now())[0]


def phone_inquiry(contact) -> Inquiry:
    agent = AgentFactory()
    call = log_call(
        organization=contact.organization,
        contact=contact,
        started_at=timezone.now() - dt.timedelta(minutes=5),
        summary="¿Dónde descargo el instalador?",
        actor=agent,
    )
    return inquiry_from_call(call, actor=agent)


def test_an_agent_lists_and_reads_inquiries_a_client_token_is_refused(agent_api, ana):
    inquiry = whatsapp_inquiry(ana)
    closed = phone_inquiry(ana)
    Inquiry.objects.filter(pk=closed.pk).update(status="closed")

    listed = agent_api.get("/api/v1/inquiries", {"status": "open"}).json()
    read = agent_api.get(f"/api/v1/inquiries/{inquiry.pk}").json()

    assert [row["id"] for row in listed["inquiries"]] == [inquiry.pk] and listed["next"] is None
    assert (read["channel"], read["status"], read["organization_id"]) == (
        "whatsapp",
        "open",
        ana.organization_id,
    )
    assert [m["direction"] for m in read["messages"]] == ["in"]
    assert "E-501" in read["messages"][0]["body"]
    their_token = issue_token(ana.user, name="ERP", actor=ana.user)[1]
    for path in ("/api/v1/inquiries", f"/api/v1/inquiries/{inquiry.pk}"):
        refused = bearer(their_token).get(path)
        assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
        assert Client().get(path).status_code == 401
    assert post(bearer(their_token), f"/api/v1/inquiries/{inquiry.pk}/close").status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.status == "open"


def test_pages_follow_the_cursor(agent_api, ana):
    ids = [phone_inquiry(ana).pk for _ in range(3)]

    first = agent_api.get("/api/v1/inquiries", {"size": 2}).json()
    second = agent_api.get("/api/v1/inquiries", {"size": 2, "after": first["next"]}).json()

    assert [r["id"] for r in first["inquiries"] + second["inquiries"]] == ids[::-1]
    assert second["next"] is None


def test_an_answer_is_kept_or_refused_with_whatsapps_reason(agent_api, ana):
    by_phone = phone_inquiry(ana)
    answered = post(
        agent_api, f"/api/v1/inquiries/{by_phone.pk}/answers", {"body": "En Descargas."}
    )
    assert answered.status_code == 201, answered.content
    assert (answered.json()["direction"], answered.json()["author"]) == ("out", "agente")
    assert AuditEvent.objects.filter(verb="inquiry.answered").count() == 1

    by_whatsapp = whatsapp_inquiry(ana)  # Ana does not accept WhatsApp messages
    refused = post(agent_api, f"/api/v1/inquiries/{by_whatsapp.pk}/answers", {"body": "Hola"})
    assert refused.status_code == 400 and refused.json()["code"] == "not_sent"
    assert by_whatsapp.messages.count() == 1
    empty = post(agent_api, f"/api/v1/inquiries/{by_whatsapp.pk}/answers", {"body": ""})
    assert empty.status_code == 422


def test_close_then_no_more_changes(agent_api, ana):
    inquiry = whatsapp_inquiry(ana)

    closed = post(agent_api, f"/api/v1/inquiries/{inquiry.pk}/close")
    again = post(agent_api, f"/api/v1/inquiries/{inquiry.pk}/close")

    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert again.status_code == 400 and again.json()["code"] == "not_open"
    assert "cerrada" in again.json()["message"]


def test_turned_into_a_case_through_the_pipeline(agent_api, ana):
    """JQ takes a WhatsApp case only with a valid justification (seed 002)."""
    inquiry = whatsapp_inquiry(ana)
    case_in = {
        "subject": "La nómina no liquida",
        "case_type": "incidencia",
        "fields": {"application": "JQ Nómina", "module": "Liquidación"},
        "prerequisites_done": [JQ_STEP],
        "channel_justification": "El cliente no tiene acceso a Internet en la sede.",
    }

    made = post(agent_api, f"/api/v1/inquiries/{inquiry.pk}/case", case_in)

    assert made.status_code == 201, made.content
    case = Case.objects.get()
    assert (made.json()["number"], made.json()["intake"]) == (case.number, "accepted")
    assert "E-501" in case.description  # the conversation is the description
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.case) == ("case", case)
    assert agent_api.get(f"/api/v1/inquiries/{inquiry.pk}").json()["case"] == case.number
    twice = post(agent_api, f"/api/v1/inquiries/{inquiry.pk}/case", case_in)
    assert twice.status_code == 400 and Case.objects.count() == 1


def test_an_unknown_inquiry_is_a_404(agent_api):
    for response in (
        agent_api.get("/api/v1/inquiries/999999"),
        post(agent_api, "/api/v1/inquiries/999999/close"),
    ):
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_document_declares_the_errors():
    from tiquetera.api.main import api

    paths = api.get_openapi_schema()["paths"]
    answers = paths["/api/v1/inquiries/{inquiry_id}/answers"]["post"]["responses"]
    assert {"201", "400", "401", "403", "404", "422"} <= {str(code) for code in answers}
