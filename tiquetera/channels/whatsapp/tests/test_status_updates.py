"""Meta's status webhooks move a sent message on (sent → delivered → read, or failed) and never
back, whatever order they come in; a failure is kept with Meta's reason and told on the case."""

import pytest

from tiquetera.channels.whatsapp.models import OutboundMessage
from tiquetera.tickets.models import Article, Case

from . import payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(deliver, world):
    deliver(payloads.text("No abre el módulo de nómina"))  # acknowledged by WhatsApp
    message = OutboundMessage.objects.get()
    assert message.status == "sent"
    return message


def test_delivered_and_read_are_recorded(deliver, sent):
    deliver(payloads.statuses((sent.wamid, "sent"), (sent.wamid, "delivered")))
    sent.refresh_from_db()
    assert sent.status == "delivered" and sent.delivered_at is not None

    deliver(payloads.statuses((sent.wamid, "read")))
    sent.refresh_from_db()
    assert sent.status == "read" and sent.read_at is not None


def test_a_late_delivered_does_not_move_a_read_message_back(deliver, sent):
    deliver(payloads.statuses((sent.wamid, "read"), (sent.wamid, "delivered")))

    sent.refresh_from_db()
    assert sent.status == "read"
    assert sent.delivered_at is not None and sent.read_at is not None


def test_a_failed_status_keeps_metas_reason_and_tells_the_case(deliver, sent):
    error = {
        "code": 131026,
        "title": "Message undeliverable",
        "error_data": {"details": "The recipient is not a WhatsApp user."},
    }

    deliver(payloads.statuses((sent.wamid, "failed"), errors=[error]))

    sent.refresh_from_db()
    assert (sent.status, sent.error_code) == ("failed", "131026")
    assert "not a WhatsApp user" in sent.last_error
    event = Case.objects.get().articles.get(kind=Article.Kind.EVENT)
    assert "not a WhatsApp user" in event.body_text


def test_statuses_of_messages_we_did_not_send_are_ignored(deliver, sent):
    response = deliver(payloads.statuses(("wamid.SOMEONE-ELSES", "read")))

    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == "sent"
