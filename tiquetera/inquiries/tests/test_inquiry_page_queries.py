"""The Consultas list and an inquiry's page read a fixed number of queries, however many
inquiries, messages and files there are (the first-answer words, the unknown-sender label and
the files add none per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiquetera.inquiries.services import client_asked, stranger_asked
from tiquetera.tickets.models import IntakeRule
from tiquetera.tickets.tests.intake_world import client

pytestmark = pytest.mark.django_db
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63"
    "f8cfc0f01f0005000201e221bc330000000049454e44ae426082"
)


def queries(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert browser.get(url).status_code == 200
    return len(captured)


def ask(contacts, rounds: int) -> None:
    for n in range(rounds):
        for contact in contacts:
            client_asked(
                contact,
                body=f"Pregunta {n}",
                channel="phone",  # joins her open inquiry: one inquiry, a message and file each
                sent_at=timezone.now(),
                files=[("pantallazo.png", PNG)],
            )
        stranger_asked(
            phone=f"+5730099988{n:02d}",
            name="Desconocido",
            body="Hola",
            sent_at=timezone.now(),
            whatsapp_message=None,  # type: ignore[arg-type]
        )


def test_the_list_and_the_page_do_not_grow_with_rows(agent_client):
    org, ana = client("jq-systems", plan="suscripcion-1")
    rule = IntakeRule.objects.get(policy_id=org.policy_id, kind="channel")
    rule.params = {**rule.params, "inquiry_first_response": "2h"}
    rule.save()
    ask([ana], 2)
    inquiry = ana.inquiries.get()
    queries(agent_client, f"/inquiries/{inquiry.pk}/")  # the policy's caches warmed
    few = (queries(agent_client, "/inquiries/"), queries(agent_client, f"/inquiries/{inquiry.pk}/"))

    ask([ana], 8)  # ten unknown senders listed, ten messages and files on her inquiry

    many = (
        queries(agent_client, "/inquiries/"),
        queries(agent_client, f"/inquiries/{inquiry.pk}/"),
    )
    assert many == few, (few, many)
    assert inquiry.messages.count() == 10 and inquiry.attachments.count() == 10
