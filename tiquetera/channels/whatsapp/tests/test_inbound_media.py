"""Images, documents and voice notes: the file is downloaded through the Graph API (the media
id asked for its URL, the URL fetched with the token) and attached to the case or the reply."""

import base64
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tiquetera.channels.whatsapp.models import InboundMessage, WebhookDelivery
from tiquetera.channels.whatsapp.services import process_due
from tiquetera.channels.whatsapp.services.inbound import MAX_ATTEMPTS
from tiquetera.tickets.models import Article, Attachment, Case

from . import payloads
from .graph_api import TOKEN, VERSION

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OGG = b"OggS\x00\x02" + b"\x00" * 40  # a voice note (Opus in Ogg)


def test_an_image_is_downloaded_through_the_api_and_attached_to_the_new_case(
    deliver, world, whatsapp
):
    whatsapp.media["1003383421387256"] = (PNG, "image/png")

    deliver(payloads.image("1003383421387256", caption="Así sale el error al imprimir"))

    case = Case.objects.get()
    assert case.subject == "Así sale el error al imprimir"
    attachment = Attachment.objects.get(case=case)
    assert (attachment.content_type, attachment.size) == ("image/png", len(PNG))
    assert attachment.file.read() == PNG
    downloads = [s for s in whatsapp.seen if s.method == "GET"]
    assert [s.path.split("?")[0] for s in downloads] == [
        f"/{VERSION}/1003383421387256",
        "/lookaside/1003383421387256",
    ]
    assert {s.authorization for s in downloads} == {f"Bearer {TOKEN}"}


def test_an_image_without_caption_still_opens_a_case(deliver, world, whatsapp):
    whatsapp.media["77"] = (PNG, "image/png")

    deliver(payloads.image("77"))

    case = Case.objects.get()
    with translation.override("es"):  # Ana's language
        assert case.subject == gettext("File sent by WhatsApp")
    assert case.attachments.count() == 1


def test_a_document_keeps_its_name_on_a_reply(deliver, world, whatsapp):
    whatsapp.media["88"] = (PDF, "application/pdf")
    deliver(payloads.text("No cuadra el informe de cartera"))

    deliver(payloads.media("document", "88", mime_type="application/pdf", filename="cartera.pdf"))

    reply = Article.objects.get(kind=Article.Kind.REPLY)
    assert [a.name for a in reply.attachments.all()] == ["cartera.pdf"]
    assert Case.objects.count() == 1


def test_a_file_the_desk_does_not_take_is_named_on_the_reply_not_lost_silently(
    deliver, world, whatsapp
):
    whatsapp.media["99"] = (OGG, "audio/ogg; codecs=opus")
    deliver(payloads.text("No cuadra el informe de cartera"))

    deliver(payloads.media("audio", "99", mime_type="audio/ogg; codecs=opus"))

    reply = Article.objects.get(kind=Article.Kind.REPLY)
    assert "whatsapp-99.oga" in reply.body_text  # the refusal, in Ana's language
    assert not reply.attachments.exists()
    assert InboundMessage.objects.get(article=reply).outcome == "reply"


def test_media_the_api_cannot_serve_now_is_retried_later_and_then_taken_in(
    deliver, world, whatsapp
):
    whatsapp.media["55"] = (PNG, "image/png")
    whatsapp.media_failures = 1  # Meta answers 503 once

    deliver(payloads.image("55", caption="Pantallazo"))

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("received", 1)
    assert "503" in delivery.error
    assert not InboundMessage.objects.exists() and not Case.objects.exists()

    assert process_due(delivery.next_attempt_at).processed == 1
    assert Case.objects.get().attachments.count() == 1


def test_a_delivery_failing_every_attempt_is_kept_failed_until_an_operator_retries(
    deliver, world, whatsapp, admin_client
):
    whatsapp.media["56"] = (PNG, "image/png")
    whatsapp.media_failures = MAX_ATTEMPTS
    deliver(payloads.image("56", caption="Pantallazo"))
    delivery = WebhookDelivery.objects.get()
    while delivery.status == "received":
        process_due(delivery.next_attempt_at)
        delivery.refresh_from_db()

    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    assert "503" in delivery.error and "503" in delivery.raw.error
    assert process_due(delivery.next_attempt_at + dt.timedelta(days=1)).processed == 0

    changelist = reverse("admin:whatsapp_webhookdelivery_changelist")
    action = {"action": "process_again", "_selected_action": [delivery.pk]}
    assert admin_client.post(changelist, action).status_code == 302
    process_due()

    delivery.refresh_from_db()
    assert delivery.status == "processed"
    assert Case.objects.get().attachments.count() == 1
