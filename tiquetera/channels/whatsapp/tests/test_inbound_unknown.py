"""What cannot become a case is still recorded: messages from numbers we do not know, types we
do not take, payloads we cannot read (kept with their error, never retried forever)."""

import pytest

from tiquetera.channels.whatsapp.models import InboundMessage, WebhookDelivery
from tiquetera.channels.whatsapp.services import find_contact
from tiquetera.inquiries.models import Inquiry
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.models import Article, Case, RawPayload

from . import payloads

pytestmark = pytest.mark.django_db


def test_a_message_from_an_unknown_number_is_an_inquiry_from_an_unknown_sender(
    deliver, world, whatsapp
):
    """Nothing lost, and the desk sees it (issue 16): no case, an inquiry without organization
    the agents answer or link to a contact (inquiries/tests/test_inquiry_unknown_sender.py)."""
    deliver(payloads.text("Hola, quiero soporte", sender="573009998877"))

    assert not Case.objects.exists() and not Article.objects.exists()
    message = InboundMessage.objects.get()
    assert (message.outcome, message.reason, message.contact) == ("inquiry", "unknown_number", None)
    inquiry = Inquiry.objects.get()
    assert (inquiry.organization, inquiry.contact, inquiry.phone) == (None, None, "+573009998877")
    assert inquiry.messages.get().whatsapp_message == message
    assert (message.phone, message.text) == ("+573009998877", "Hola, quiero soporte")
    assert whatsapp.sent == []
    assert WebhookDelivery.objects.get().status == "processed"


def test_an_inactive_contact_is_unknown(deliver, world):
    world.ana.is_active = False
    world.ana.save()

    deliver(payloads.text("Hola"))

    assert InboundMessage.objects.get().reason == "unknown_number"
    assert not Case.objects.exists()


def test_a_number_shared_by_two_contacts_is_not_guessed(world):
    ContactFactory(phone="+573106149927", whatsapp="+573106149927")  # another client's contact

    assert find_contact("573106149927") == (None, "ambiguous_number")


def test_the_phone_is_used_when_there_is_no_whatsapp_number(world):
    world.ana.whatsapp = ""
    world.ana.save()

    assert find_contact("573106149927") == (world.ana, "")


def test_a_mexican_mobile_is_found_under_its_e164_form(world):
    """WhatsApp ids of Mexican mobiles keep the old "1" after 52; E.164 dropped it in 2019."""
    world.ana.whatsapp = "+525512345678"
    world.ana.save()

    assert find_contact("5215512345678") == (world.ana, "")


def test_a_type_we_do_not_take_is_recorded_as_ignored(deliver, world):
    payload = payloads.text("x")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    del message["text"]
    message.update({"type": "location", "location": {"latitude": 4.6, "longitude": -74.1}})

    deliver(payload)

    assert (InboundMessage.objects.get().outcome, InboundMessage.objects.get().reason) == (
        "ignored",
        "unsupported_type",
    )
    assert not Case.objects.exists()


def test_a_payload_that_cannot_be_read_is_kept_with_its_error(deliver, world):
    response = deliver(b'{"object": "whatsapp_business_account", "entry": [ broken')

    assert response.status_code == 200
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "not JSON" in delivery.error
    assert "not JSON" in RawPayload.objects.get().error
