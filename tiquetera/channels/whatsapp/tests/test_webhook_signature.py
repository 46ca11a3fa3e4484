"""Every POST is signed by Meta with the app secret (X-Hub-Signature-256 over the raw body):
signed payloads are kept and taken in, unsigned or mis-signed ones refused with 403 and a log
line, and nothing of theirs is stored."""

import json

import pytest

from tiquetera.channels.whatsapp.models import InboundMessage, WebhookDelivery
from tiquetera.channels.whatsapp.payloads import sign
from tiquetera.tickets.models import Case, RawPayload

from . import payloads
from .conftest import APP_SECRET

pytestmark = pytest.mark.django_db


def test_a_signed_payload_is_stored_raw_and_answered_at_once(deliver, world):
    payload = payloads.text("No abre el módulo de nómina")
    body = json.dumps(payload).encode()

    response = deliver(body)

    assert response.status_code == 200
    raw = RawPayload.objects.get()
    assert (bytes(raw.content), raw.channel, raw.content_type) == (
        body,
        "whatsapp",
        "application/json",
    )
    delivery = WebhookDelivery.objects.get()
    assert (delivery.raw, delivery.status, delivery.error) == (raw, "processed", "")
    assert Case.objects.get().raw == raw


@pytest.mark.parametrize(
    "signed",
    [
        lambda body: "",
        lambda body: "sha256=" + "0" * 64,
        lambda body: sign(b"another body", APP_SECRET),
        lambda body: sign(body, "another-apps-secret"),
        lambda body: sign(body, APP_SECRET).replace("sha256=", "sha1="),
    ],
    ids=["unsigned", "zeros", "another-body", "another-secret", "wrong-scheme"],
)
def test_unsigned_or_mis_signed_payloads_are_refused_and_logged(deliver, world, caplog, signed):
    body = json.dumps(payloads.text("Hola")).encode()
    signature = signed(body)

    response = deliver(body, signature=signature)

    assert response.status_code == 403
    assert "WhatsApp webhook POST refused" in caplog.text
    assert not RawPayload.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert not InboundMessage.objects.exists()
    assert not Case.objects.exists()


def test_without_an_app_secret_every_post_is_refused(deliver, world, settings, caplog):
    settings.WHATSAPP_APP_SECRET = ""
    body = json.dumps(payloads.text("Hola")).encode()

    assert deliver(body, signature=sign(body, "")).status_code == 403
    assert "no WHATSAPP_APP_SECRET" in caplog.text
    assert not RawPayload.objects.exists()


def test_the_signature_is_checked_on_the_raw_bytes(deliver, world):
    """Re-serialising the JSON would change the bytes (spacing, escapes): the body as sent is
    what was signed and what is stored."""
    body = b'{"object":"whatsapp_business_account","entry":[]}'
    assert deliver(body).status_code == 200
    assert bytes(RawPayload.objects.get().content) == body
