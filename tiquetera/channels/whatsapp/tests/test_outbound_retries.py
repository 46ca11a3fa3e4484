"""A send that fails for a reason that may pass (the API down) is retried after a growing wait,
then marked failed with its last error; two sweeps never send the same message twice."""

import pytest

from tiquetera.channels.whatsapp.models import InboundMessage, OutboundMessage
from tiquetera.channels.whatsapp.services import send_due
from tiquetera.channels.whatsapp.services.outbound import BACKOFF, MAX_ATTEMPTS
from tiquetera.tickets.models import Article, Case

from . import payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(deliver, world, whatsapp, settings):
    """A client's message opened a case; its acknowledgement is queued while the API is down."""
    whatsapp.refuse_sends(500, 1, times=1, message="An unknown error occurred")
    deliver(payloads.text("No abre el módulo de nómina"))
    return OutboundMessage.objects.get()


def test_a_failing_send_is_retried_then_marked_failed(queued, whatsapp):
    assert (queued.status, queued.attempts) == ("queued", 1)
    assert "HTTP 500" in queued.last_error
    whatsapp.refuse_sends(503, 2, times=MAX_ATTEMPTS - 1)

    at = queued.next_attempt_at
    for wait in BACKOFF[1:]:
        assert send_due(at).retrying == 1
        queued.refresh_from_db()
        assert queued.next_attempt_at == at + wait
        assert send_due(queued.next_attempt_at - wait / 2).retrying == 0  # not due yet
        at = queued.next_attempt_at
    assert send_due(at).failed == 1

    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == ("failed", MAX_ATTEMPTS)
    assert "HTTP 503" in queued.last_error
    assert len([s for s in whatsapp.seen if s.method == "POST"]) == MAX_ATTEMPTS
    event = Case.objects.get().articles.get(kind=Article.Kind.EVENT)
    assert "HTTP 503" in event.body_text


def test_a_retry_that_works_is_sent_once(queued, whatsapp):
    assert send_due(queued.next_attempt_at).sent == 1
    assert send_due(queued.next_attempt_at).sent == 0

    queued.refresh_from_db()
    assert (queued.status, queued.attempts, queued.last_error) == ("sent", 2, "")
    assert len(whatsapp.sent) == 1


def test_an_unreachable_api_is_retried(queued, whatsapp, settings):
    settings.WHATSAPP_API_URL = "http://127.0.0.1:9"  # nothing listens there

    assert send_due(queued.next_attempt_at).retrying == 1
    queued.refresh_from_db()
    assert queued.status == "queued" and queued.last_error
    assert InboundMessage.objects.count() == 1
