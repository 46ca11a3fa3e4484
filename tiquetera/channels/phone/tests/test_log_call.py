"""An agent logs a call (caller, number, duration, summary): the number in E.164, one audit
event "call.logged"; only agents log calls or see them."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.phone.models import Call
from tiquetera.channels.phone.services import CallError, log_call
from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.tests.intake_world import client

from .conftest import a_call

pytestmark = pytest.mark.django_db


def test_an_agent_logs_a_call_from_the_page(agent_client, agent, jq_usr):
    response = agent_client.post(
        "/calls/new/",
        {
            "organization": jq_usr.organization.pk,
            "contact": jq_usr.pk,
            "caller_name": "",
            "number": "+57 (6) 3134484",  # seed 004's old landline, rewritten (NOTES.md)
            "direction": "in",
            "started_at": "2026-11-24T16:30",
            "duration_minutes": "4",
            "summary": "Pregunta por el estado de su caso.",
        },
    )
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/calls/{call.pk}/"
    assert (call.caller_name, call.number, call.duration_seconds) == (
        "Ana Pérez",
        "+576063134484",
        240,
    )
    assert call.agent == agent and call.organization == jq_usr.organization
    # typed as the organization's wall time (Bogotá, UTC-5)
    assert call.started_at == dt.datetime(2026, 11, 24, 21, 30, tzinfo=dt.UTC)
    event = AuditEvent.objects.get(verb="call.logged")
    assert event.object_id == str(call.pk)
    assert event.after["number"] == "+576063134484"
    assert event.actor_id == agent.pk


def test_the_call_page_and_the_list_show_the_call(agent_client, agent, jq_usr):
    call = a_call(jq_usr, agent)
    page = agent_client.get("/calls/").content.decode()
    assert "Ana Pérez" in page and f'href="/calls/{call.pk}/"' in page
    page = agent_client.get(f"/calls/{call.pk}/").content.decode()
    assert "nadie puede facturar" in page
    assert 'name="case_type"' in page  # open a case from it
    assert 'name="case"' in page  # or record it on one


def test_a_contact_of_another_organization_is_refused(agent_client, jq_usr):
    stranger = ContactFactory()
    response = agent_client.post(
        "/calls/new/",
        {
            "organization": jq_usr.organization.pk,
            "contact": stranger.pk,
            "direction": "in",
            "started_at": "2026-11-24T16:30",
            "duration_minutes": "4",
            "summary": "Llamada.",
        },
    )
    assert response.status_code == 200
    assert 'id="id_contact_errors"' in response.content.decode()
    assert not Call.objects.exists()


def test_a_number_that_is_not_one_is_an_error_beside_it(agent_client, jq_usr):
    response = agent_client.post(
        "/calls/new/",
        {
            "organization": jq_usr.organization.pk,
            "caller_name": "Recepción",
            "number": "3134484",
            "direction": "in",
            "started_at": "2026-11-24T16:30",
            "duration_minutes": "1",
            "summary": "Llamada.",
        },
    )
    assert 'id="id_number_errors"' in response.content.decode()
    assert not Call.objects.exists()


def test_a_client_may_not_log_calls_nor_see_them(jq_usr):
    from django.test import Client

    jq_usr.user = UserFactory()
    jq_usr.save()
    browser = Client()
    browser.force_login(jq_usr.user)
    for page in ("/calls/", "/calls/new/"):
        assert browser.get(page).status_code == 403
    assert browser.post("/calls/new/", {"summary": "x"}).status_code == 403
    with pytest.raises(CallError) as refused:
        log_call(
            organization=jq_usr.organization,
            contact=jq_usr,
            started_at=timezone.now(),
            summary="Llamada.",
            actor=jq_usr.user,
        )
    assert refused.value.code == "not_allowed"
    assert not Call.objects.exists()
    assert not AuditEvent.objects.filter(verb="call.logged").exists()


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get("/calls/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_call_cannot_start_in_the_future(agent):
    _org, usr = client("soho-apps", plan="soporte")
    with pytest.raises(CallError) as refused:
        a_call(usr, agent, started_at=timezone.now() + dt.timedelta(hours=1))
    assert refused.value.code == "in_the_future"
