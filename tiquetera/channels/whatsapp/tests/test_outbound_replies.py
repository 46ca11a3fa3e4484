"""An agent's reply on a WhatsApp case reaches the client through the Graph API, in the
documented shape (the local server checks it); only opted-in contacts get messages, and only
within 24 hours of their last message — outside it the failure is recorded, not hidden."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.channels.whatsapp.errors import WhatsAppError
from tiquetera.channels.whatsapp.models import InboundMessage, OutboundMessage
from tiquetera.channels.whatsapp.services import queue_whatsapp, send_agent_reply
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.articles import add_note, add_reply
from tiquetera.tickets.models import Article, Case
from tiquetera.tickets.tests.factories import CaseFactory

from . import payloads
from .graph_api import PHONE_NUMBER_ID, VERSION

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent_user(db):
    return AgentProfileFactory().user


@pytest.fixture
def whatsapp_case(deliver, world, whatsapp):
    deliver(payloads.text("No abre el módulo de nómina"))
    whatsapp.seen.clear()
    whatsapp.sent.clear()
    return Case.objects.get()


def reply(case, agent, body, capture):
    """The agent replies on the desk: `add_reply` sends it on by WhatsApp itself (the
    `agent_reply_written` signal), once."""
    with capture(execute=True):
        article = add_reply(case, body=body, actor=agent, channel="whatsapp")
    return article, OutboundMessage.objects.filter(article=article).first()


def test_an_agent_reply_reaches_the_api_in_the_documented_shape(
    whatsapp_case, agent_user, whatsapp, django_capture_on_commit_callbacks
):
    article, queued = reply(
        whatsapp_case,
        agent_user,
        "Reinicie el servicio de nómina.",
        django_capture_on_commit_callbacks,
    )

    [request] = whatsapp.seen
    assert (request.method, request.path) == ("POST", f"/{VERSION}/{PHONE_NUMBER_ID}/messages")
    assert request.body == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "573106149927",
        "type": "text",
        "text": {"body": f"*{whatsapp_case.number}*\n\nReinicie el servicio de nómina."},
    }
    queued.refresh_from_db()
    assert (queued.status, queued.wamid, queued.attempts) == ("sent", "wamid.OUT2", 1)
    assert (queued.case, queued.article, queued.contact) == (
        whatsapp_case,
        article,
        whatsapp_case.requester,
    )


def test_notes_and_other_channels_send_nothing(whatsapp_case, agent_user, whatsapp):
    note = add_note(whatsapp_case, body="Revisar el log.", actor=agent_user)
    email_case = CaseFactory(
        organization=whatsapp_case.organization, requester=whatsapp_case.requester
    )
    email_reply = add_reply(email_case, body="Hola", actor=agent_user, channel="email")

    assert send_agent_reply(note) is None
    assert send_agent_reply(email_reply) is None
    assert list(OutboundMessage.objects.values_list("article", flat=True)) == [None]  # the ack


def test_a_contact_without_opt_in_gets_no_whatsapp_and_the_case_says_so(
    whatsapp_case, agent_user, whatsapp, django_capture_on_commit_callbacks
):
    contact = whatsapp_case.requester
    contact.whatsapp_opt_in = False
    contact.save()

    _article, queued = reply(
        whatsapp_case, agent_user, "Listo.", django_capture_on_commit_callbacks
    )

    assert queued is None
    assert whatsapp.seen == []
    event = whatsapp_case.articles.filter(kind=Article.Kind.EVENT).get()
    assert contact.name in event.body_text


def test_queue_whatsapp_refuses_contacts_without_opt_in_or_number(world):
    world.ana.whatsapp_opt_in = False
    with pytest.raises(WhatsAppError) as refused:
        queue_whatsapp(world.ana, "Hola")
    assert refused.value.code == "not_opted_in"

    world.ana.whatsapp_opt_in, world.ana.whatsapp, world.ana.phone = True, "", ""
    with pytest.raises(WhatsAppError) as refused:
        queue_whatsapp(world.ana, "Hola")
    assert refused.value.code == "no_number"
    assert not OutboundMessage.objects.exists()


def test_outside_the_24_hour_window_the_message_fails_clearly_without_calling_the_api(
    whatsapp_case, agent_user, whatsapp, django_capture_on_commit_callbacks
):
    InboundMessage.objects.update(sent_at=timezone.now() - dt.timedelta(hours=25))

    _article, queued = reply(
        whatsapp_case, agent_user, "¿Sigue el problema?", django_capture_on_commit_callbacks
    )

    queued.refresh_from_db()
    assert (queued.status, queued.error_code) == ("failed", "outside_window")
    assert "24" in queued.last_error
    assert whatsapp.seen == []
    event = whatsapp_case.articles.filter(kind=Article.Kind.EVENT).get()
    assert "24" in event.body_text


def test_the_apis_own_window_refusal_is_recorded_not_retried(
    whatsapp_case, agent_user, whatsapp, django_capture_on_commit_callbacks
):
    """Meta's error 131047: more than 24 hours since the client last wrote (by its clock)."""
    whatsapp.refuse_sends(400, 131047, message="Re-engagement message")

    _article, queued = reply(
        whatsapp_case, agent_user, "¿Sigue el problema?", django_capture_on_commit_callbacks
    )

    queued.refresh_from_db()
    assert (queued.status, queued.error_code, queued.attempts) == ("failed", "131047", 1)
    assert "Re-engagement message" in queued.last_error
    assert len(whatsapp.seen) == 1
