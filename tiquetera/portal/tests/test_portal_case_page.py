"""The portal's case page: for the contacts of the case's organization only; where the case
stands in plain words with its running deadlines in the organization's time zone; the public
conversation and its files — never an internal note nor its attachments."""

from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tiquetera.sla.models import Clock
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.articles import add_note, add_reply
from tiquetera.tickets.services import change_status
from tiquetera.tickets.tests.intake_world import client

from .conftest import PNG, open_jq_case, signed_in

pytestmark = pytest.mark.django_db
NOTE = "Nota interna: el cliente debe dos facturas, no decirle."


def test_anonymous_visitors_are_asked_to_sign_in(jq_usr):
    case = open_jq_case(jq_usr)
    response = Client().get(f"/portal/cases/{case.number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/portal/cases/")


def test_agents_are_pointed_to_the_desk(jq_usr, agent_client):
    case = open_jq_case(jq_usr)
    response = agent_client.get(f"/portal/cases/{case.number}/")
    assert response.status_code == 403
    assert 'href="/calls/new/"' in response.content.decode()


def test_another_organizations_contact_gets_404(jq_usr):
    case = open_jq_case(jq_usr)
    _org, other = client("jq-systems", plan="suscripcion-1", email="usr@otrohotel.co")
    assert signed_in(other).get(f"/portal/cases/{case.number}/").status_code == 404
    assert signed_in(jq_usr).get("/portal/cases/JQ-2026-999999/").status_code == 404


def test_a_colleague_who_follows_all_cases_sees_the_case_a_plain_one_does_not(jq_usr):
    case = open_jq_case(jq_usr)
    plain = ContactFactory(organization=jq_usr.organization, role="user", email="a@hotel.co")
    verifier = ContactFactory(
        organization=jq_usr.organization,
        role="user",
        email="b@hotel.co",
        may_verify_cases=True,
    )
    assert signed_in(plain).get(f"/portal/cases/{case.number}/").status_code == 404
    page = signed_in(verifier).get(f"/portal/cases/{case.number}/")
    assert page.status_code == 200
    assert case.subject in page.content.decode()


def test_an_open_case_says_it_is_received_and_when_we_act_in_the_organizations_zone():
    _org, usr = client("jq-systems", plan="suscripcion-1", time_zone="America/Mexico_City")
    case = open_jq_case(usr)
    page = signed_in(usr, language="en").get(f"/portal/cases/{case.number}/").content.decode()
    assert "We received your case and an agent will take it soon." in page
    zone = ZoneInfo("America/Mexico_City")
    for clock in Clock.objects.filter(case=case, state="running"):
        assert f'datetime="{clock.due_at.astimezone(zone).isoformat()}"' in page
    assert "An agent will take your case by" in page and "We aim to solve it by" in page


def test_a_case_waiting_on_the_client_asks_for_an_answer(jq_usr, agent):
    case = open_jq_case(jq_usr)
    change_status(case, "waiting_on_client", actor=agent)
    page = signed_in(jq_usr, language="en").get(f"/portal/cases/{case.number}/").content.decode()
    assert "We are waiting for your answer." in page
    assert "Reply below" in page


def test_a_parked_case_shows_its_intake_message(jq_usr):
    user = ContactFactory(organization=jq_usr.organization, role="user", email="aux@hotel.co")
    case = open_jq_case(user)
    assert case.status == "pending_verification"
    page = signed_in(user, language="en").get(f"/portal/cases/{case.number}/").content.decode()
    assert "waiting for your supervisor" in page
    assert "supervisor (USR)" in page  # the intake message, in Spanish (the case's language)


def test_public_replies_and_their_files_show_but_internal_notes_never(jq_usr, agent):
    case = open_jq_case(jq_usr)
    add_note(case, body=NOTE, actor=agent, attachments=[("deuda.png", PNG)])
    reply = add_reply(
        case,
        body="Estamos revisando la factura 123.",
        actor=agent,
        channel="email",
        attachments=[("captura-respuesta.png", PNG)],
    )
    browser = signed_in(jq_usr)
    page = browser.get(f"/portal/cases/{case.number}/").content.decode()
    assert "Estamos revisando la factura 123." in page
    assert "captura-respuesta.png" in page
    assert NOTE not in page and "deuda.png" not in page

    public_file = reply.attachments.get()
    note_file = case.attachments.get(name="deuda.png")
    assert f"/tickets/cases/{case.pk}/attachments/{public_file.pk}/" in page
    assert browser.get(f"/tickets/cases/{case.pk}/attachments/{public_file.pk}/").status_code == 200
    assert browser.get(f"/tickets/cases/{case.pk}/attachments/{note_file.pk}/").status_code == 404


def test_the_list_links_to_the_case_page_with_its_next_step(jq_usr):
    case = open_jq_case(jq_usr)
    page = signed_in(jq_usr, language="en").get("/portal/").content.decode()
    assert f'href="/portal/cases/{case.number}/"' in page
    assert "We received your case and an agent will take it soon." in page
    due = min(c.due_at for c in Clock.objects.filter(case=case, state="running"))
    assert f'datetime="{due.astimezone(ZoneInfo("America/Bogota")).isoformat()}"' in page


def test_the_case_page_makes_the_same_queries_whatever_the_number_of_replies(jq_usr, agent):
    case = open_jq_case(jq_usr)
    browser = signed_in(jq_usr)
    add_reply(case, body="Primera.", actor=agent, channel="email", attachments=[("a.png", PNG)])
    with CaptureQueriesContext(connection) as few:
        browser.get(f"/portal/cases/{case.number}/")
    for n in range(4):
        add_reply(
            case, body=f"Más {n}.", actor=agent, channel="email", attachments=[("b.png", PNG)]
        )
    with CaptureQueriesContext(connection) as many:
        assert browser.get(f"/portal/cases/{case.number}/").status_code == 200
    assert len(many) == len(few)
