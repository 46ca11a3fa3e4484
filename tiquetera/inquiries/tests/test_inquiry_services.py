"""Inquiries through their services and the desk's pages: only agents see and answer them, an
answer that cannot go by WhatsApp is refused with the reason and nothing kept, a closed inquiry
takes no more changes, a policy without inquiries takes no call as one."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.phone.services import log_call
from tiquetera.inquiries.models import Inquiry
from tiquetera.inquiries.services import (
    InquiryError,
    answer_inquiry,
    client_asked,
    close_inquiry,
    inquiry_from_call,
    takes_inquiries,
)
from tiquetera.testing.factories import UserFactory
from tiquetera.tickets.tests.intake_world import client

pytestmark = pytest.mark.django_db


@pytest.fixture
def jq_contact():
    _org, contact = client("jq-systems", plan="suscripcion-1")
    contact.whatsapp, contact.whatsapp_opt_in = "+573106149927", False
    contact.save()
    return contact


def an_inquiry(contact, text: str = "¿Cómo exporto la nómina?") -> Inquiry:
    inquiry, created = client_asked(contact, body=text, channel="whatsapp", sent_at=timezone.now())
    assert created
    return inquiry


def test_only_jq_takes_whatsapp_and_phone_inquiries(jq_contact):
    _org, soho = client("soho-apps", plan="soporte")
    assert takes_inquiries(jq_contact.organization, "whatsapp")
    assert takes_inquiries(jq_contact.organization, "phone")
    assert not takes_inquiries(soho.organization, "whatsapp")


def test_a_second_message_joins_the_open_inquiry_and_opens_it_again(jq_contact, agent):
    inquiry = an_inquiry(jq_contact)
    Inquiry.objects.filter(pk=inquiry.pk).update(status="answered")

    again, created = client_asked(
        jq_contact, body="Otra pregunta", channel="whatsapp", sent_at=timezone.now()
    )

    assert (again, created, again.status) == (inquiry, False, "open")
    assert AuditEvent.objects.filter(verb="inquiry.client_wrote").count() == 1


def test_an_answer_that_cannot_go_by_whatsapp_is_refused_and_not_kept(jq_contact, agent):
    inquiry = an_inquiry(jq_contact)  # the contact does not accept WhatsApp messages

    with pytest.raises(InquiryError) as refused:
        answer_inquiry(inquiry, body="En el menú Informes.", actor=agent)

    assert refused.value.code == "not_sent"
    assert inquiry.messages.count() == 1
    inquiry.refresh_from_db()
    assert inquiry.status == "open"


def test_only_agents_answer_and_a_closed_inquiry_takes_no_answer(jq_contact, agent):
    inquiry = an_inquiry(jq_contact)
    with pytest.raises(InquiryError) as not_agent:
        close_inquiry(inquiry, actor=UserFactory())
    assert not_agent.value.code == "not_allowed"

    close_inquiry(inquiry, actor=agent)

    with pytest.raises(InquiryError) as closed:
        answer_inquiry(inquiry, body="Tarde.", actor=agent)
    assert closed.value.code == "not_open" and "cerrad" in closed.value.message


def test_a_policy_without_phone_inquiries_takes_no_call_as_one(agent):
    _org, soho = client("soho-apps", plan="soporte")
    call = log_call(
        organization=soho.organization,
        contact=soho,
        started_at=timezone.now() - dt.timedelta(minutes=5),
        summary="Pregunta general.",
        actor=agent,
    )
    with pytest.raises(InquiryError) as refused:
        inquiry_from_call(call, actor=agent)
    assert refused.value.code == "not_inquiries"
    assert not Inquiry.objects.exists()


def test_clients_see_no_inquiry_page(jq_contact, agent_client):
    inquiry = an_inquiry(jq_contact)
    outsider = Client()
    outsider.force_login(UserFactory())

    assert outsider.get("/inquiries/").status_code in (302, 403, 404)
    assert outsider.get(f"/inquiries/{inquiry.pk}/").status_code in (302, 403, 404)
    assert outsider.post(f"/inquiries/{inquiry.pk}/close/").status_code in (302, 403, 404)
    inquiry.refresh_from_db()
    assert inquiry.status == "open"
    assert agent_client.get(f"/inquiries/{inquiry.pk}/").status_code == 200
    assert agent_client.get("/inquiries/?show=all").status_code == 200


def test_closing_a_closed_inquiry_on_the_page_says_why(jq_contact, agent_client):
    inquiry = an_inquiry(jq_contact)
    assert agent_client.post(f"/inquiries/{inquiry.pk}/close/").status_code == 302

    again = agent_client.post(f"/inquiries/{inquiry.pk}/close/")

    assert again.status_code == 400 and "cerrada: ya no admite cambios" in again.content.decode()
