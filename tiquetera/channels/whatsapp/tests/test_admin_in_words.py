"""The channel's admin says in words why a message was not taken in or not delivered, and of
what type it was: "Número no registrado en ningún contacto", never `unknown_number`; Meta's own
error codes are named as Meta's."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tiquetera.channels.whatsapp.models import InboundMessage, OutboundMessage

from . import payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("jefa", "jefa@example.test", "x"))
    return client


def test_a_message_of_an_unknown_number_shows_its_reason_in_words(deliver, world, staff):
    deliver(payloads.text("Hola, quiero soporte", sender="573009998877"))
    message = InboundMessage.objects.get()
    assert message.reason == "unknown_number"

    changelist = staff.get(reverse("admin:whatsapp_inboundmessage_changelist")).content.decode()
    detail = staff.get(
        reverse("admin:whatsapp_inboundmessage_change", args=[message.pk])
    ).content.decode()

    for page in (changelist, detail):
        assert "Número no registrado en ningún contacto" in page and "texto" in page
        assert "unknown_number" not in page.replace("?reason=unknown_number", "")
    assert "?reason=unknown_number" in changelist  # the filter, by the code, named in words
    assert ">text<" not in changelist


def test_a_failed_delivery_names_metas_code_and_ours_in_words(deliver, world, staff):
    deliver(payloads.text("No abre el módulo de nómina"))
    sent = OutboundMessage.objects.get()
    error = {"code": 131026, "title": "Message undeliverable"}
    deliver(payloads.statuses((sent.wamid, "failed"), errors=[error]))
    OutboundMessage.objects.create(
        to=sent.to,
        text="Otra",
        status="failed",
        error_code="outside_window",
        next_attempt_at=sent.next_attempt_at,
    )

    page = staff.get(reverse("admin:whatsapp_outboundmessage_changelist")).content.decode()

    assert "Código de Meta 131026" in page
    assert "Fuera de la ventana de 24 horas de WhatsApp" in page
    assert "outside_window" not in page.replace("?error_code=outside_window", "")
