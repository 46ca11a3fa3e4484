"""Files sent with an inquiry (issue 16): a WhatsApp image or document that is an inquiry is
downloaded, checked and stored as a case's attachments are, shown on the inquiry's page for the
agents to download, and carried into the case when the inquiry becomes one. A file the desk does
not take (a voice note, a program) is named in the text with the reason, as on a case."""

import base64

import pytest
from django.test import Client
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.whatsapp.tests import payloads
from tiquetera.channels.whatsapp.tests.conftest import (  # noqa: F401  (fixtures)
    deliver,
    graph_api,
    whatsapp,
)
from tiquetera.inquiries.models import Inquiry, InquiryAttachment
from tiquetera.inquiries.services import client_asked, turn_into_case
from tiquetera.testing.factories import UserFactory
from tiquetera.tickets.models import Attachment, Case
from tiquetera.tickets.tests.intake_world import client

pytestmark = pytest.mark.django_db
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
OGG = b"OggS\x00\x02" + b"\x00" * 40  # a voice note (Opus in Ogg): refused by the desk
JQ_STEP = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)


@pytest.fixture
def ana():
    _org, contact = client("jq-systems", plan="suscripcion-1")
    contact.whatsapp, contact.whatsapp_opt_in = f"+{payloads.ANA}", False
    contact.save()
    return contact


def test_a_whatsapp_image_that_is_an_inquiry_is_kept_on_it(deliver, whatsapp, ana):  # noqa: F811
    whatsapp.media["501"] = (PNG, "image/png")

    deliver(payloads.media("image", "501", mime_type="image/png", caption="¿Qué es esto?"))

    inquiry = Inquiry.objects.get()
    assert not Case.objects.exists()
    attachment = InquiryAttachment.objects.get(inquiry=inquiry)
    assert (attachment.content_type, attachment.size) == ("image/png", len(PNG))
    assert attachment.file.read() == PNG
    assert attachment.message.body == "¿Qué es esto?"
    opened = AuditEvent.objects.get(verb="inquiry.opened")
    assert opened.after["files"][0]["sha256"] == attachment.sha256


def test_a_voice_note_is_named_with_the_reason_not_lost(deliver, whatsapp, ana):  # noqa: F811
    whatsapp.media["502"] = (OGG, "audio/ogg")

    deliver(payloads.media("audio", "502", mime_type="audio/ogg"))

    inquiry = Inquiry.objects.get()
    assert not InquiryAttachment.objects.exists()
    body = inquiry.messages.get().body
    assert "no es de un tipo que aceptemos" in body, body


def test_agents_download_the_file_from_the_inquiry_page_others_do_not(agent_client, ana):
    inquiry, _ = client_asked(
        ana,
        body="Así sale",
        channel="whatsapp",
        sent_at=timezone.now(),
        files=[("pantallazo.png", PNG), ("virus.exe", b"MZ\x90\x00rest")],
    )
    attachment = InquiryAttachment.objects.get()
    url = f"/inquiries/{inquiry.pk}/files/{attachment.pk}/"

    page = agent_client.get(f"/inquiries/{inquiry.pk}/").content.decode()
    download = agent_client.get(url)

    assert url in page and "pantallazo.png" in page
    assert "virus.exe" in page and "es un programa" in page  # named, refused, not stored
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    other, _ = client_asked(ana, body="Otra", channel="phone", sent_at=timezone.now())
    assert agent_client.get(f"/inquiries/{other.pk}/files/{attachment.pk}/").status_code == 404
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code in (302, 403, 404)


def test_the_files_go_into_the_case_the_inquiry_becomes(agent, ana):
    inquiry, _ = client_asked(
        ana,
        body="No tenemos Internet y la nómina no liquida.",
        channel="whatsapp",
        sent_at=timezone.now(),
        files=[("pantallazo.png", PNG)],
    )

    case = turn_into_case(
        inquiry,
        subject="La nómina no liquida",
        case_type="incidencia",
        fields={"application": "JQ Nómina", "module": "Liquidación"},
        prerequisites_done=[JQ_STEP],
        channel_justification="El cliente no tiene acceso a Internet en la sede.",
        actor=agent,
    )

    assert case.intake == "accepted", case.intake_message
    carried = Attachment.objects.get(case=case)
    assert (carried.name, carried.sha256) == (
        "pantallazo.png",
        InquiryAttachment.objects.get().sha256,
    )
    assert carried.file.read() == PNG
