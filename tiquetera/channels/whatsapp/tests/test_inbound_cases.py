"""A known contact's messages: the first opens a case through the intake pipeline (channel
whatsapp), the next ones are replies on it while it takes messages; a delivery Meta repeats
makes nothing twice."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.channels.whatsapp.models import InboundMessage, OutboundMessage, WebhookDelivery
from tiquetera.tickets.models import Article, Case
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status

from . import payloads

pytestmark = pytest.mark.django_db


def test_a_text_from_a_known_contact_opens_a_case_by_whatsapp(deliver, world):
    deliver(payloads.text())  # Meta's example, sent now

    case = Case.objects.get()
    assert (case.channel, case.requester, case.organization) == (
        "whatsapp",
        world.ana,
        world.organization,
    )
    assert case.subject == "No imprime la factura electrónica"
    assert case.description.endswith("aparece el error E-501.")
    assert (case.status, case.intake) == (Status.OPEN, Case.Intake.ACCEPTED)
    assert case.number.startswith("ISYS-")
    message = InboundMessage.objects.get()
    assert (message.outcome, message.case, message.contact) == ("case", case, world.ana)
    assert (message.phone, message.profile_name) == ("+573106149927", "Ana Pérez")


def test_the_new_case_is_acknowledged_by_whatsapp(deliver, world, whatsapp):
    deliver(payloads.text("No abre el módulo de nómina"))

    case = Case.objects.get()
    assert [m["to"] for m in whatsapp.sent] == ["573106149927"]
    assert case.number in whatsapp.sent[0]["text"]["body"]
    assert OutboundMessage.objects.get().status == "sent"


def test_a_redelivered_payload_makes_one_case(deliver, world):
    payload = payloads.text("No abre el módulo de nómina")

    deliver(payload)
    deliver(payload)  # Meta repeats a delivery it thinks was lost

    assert Case.objects.count() == 1
    assert InboundMessage.objects.count() == 1
    assert list(WebhookDelivery.objects.values_list("status", flat=True)) == ["processed"] * 2


def test_a_second_message_is_a_reply_on_the_same_open_case(deliver, world):
    deliver(payloads.text("No abre el módulo de nómina"))
    deliver(payloads.text("Le envío el detalle: sale en blanco."))

    case = Case.objects.get()
    reply = Article.objects.get(case=case, kind=Article.Kind.REPLY)
    assert (reply.author_contact, reply.channel) == (world.ana, "whatsapp")
    assert reply.body_text == "Le envío el detalle: sale en blanco."
    second = InboundMessage.objects.get(article=reply)
    assert (second.outcome, second.case) == ("reply", case)


def test_an_answer_puts_a_case_waiting_on_the_client_back_in_progress(deliver, world, agent):
    deliver(payloads.text("No abre el módulo de nómina"))
    case = Case.objects.get()
    change_status(case, Status.IN_PROGRESS, actor=agent)
    change_status(case, Status.WAITING_ON_CLIENT, actor=agent)

    deliver(payloads.text("Ya reinicié el servidor y sigue igual."))

    assert Case.objects.get().status == Status.IN_PROGRESS
    assert Case.objects.count() == 1


def test_a_closed_case_takes_no_message_so_a_new_case_opens(deliver, world, agent):
    deliver(payloads.text("No abre el módulo de nómina"))
    first = Case.objects.get()
    change_status(first, Status.CLOSED, actor=agent)

    deliver(payloads.text("Ahora no cierra el mes contable"))

    second = Case.objects.exclude(pk=first.pk).get()
    assert second.subject == "Ahora no cierra el mes contable"
    assert InboundMessage.objects.get(case=second).outcome == "case"


def test_a_case_quiet_for_longer_than_the_reply_window_is_not_reopened(deliver, world):
    deliver(payloads.text("No abre el módulo de nómina"))
    Case.objects.update(updated_at=timezone.now() - dt.timedelta(days=8))

    deliver(payloads.text("Otra consulta: ¿cómo exporto a Excel?"))

    assert Case.objects.count() == 2


def test_a_message_the_pipeline_cannot_take_is_kept_with_its_reason(deliver, world):
    deliver(payloads.text("x" * 100_001))  # over the description's limit

    assert not Case.objects.exists()
    message = InboundMessage.objects.get()
    assert (message.outcome, message.reason) == ("failed", "too_long")
    assert len(message.text) == 100_001
    assert WebhookDelivery.objects.get().status == "processed"


def test_under_isys_as_shipped_a_chat_case_takes_the_channels_case_type(deliver, isys, whatsapp):
    """ISYS's cases need a type, which a chat message cannot give: the policy's
    `[desk] channel_case_types` gives WhatsApp cases "soporte", so the case is taken in, and what
    the client writes next lands on it."""
    deliver(payloads.text("No abre el módulo de nómina"))
    deliver(payloads.text("Es urgente, por favor."))

    case = Case.objects.get()
    assert (case.case_type, case.status, case.intake) == ("soporte", Status.OPEN, "accepted")
    assert case.articles.get(kind=Article.Kind.REPLY).body_text == "Es urgente, por favor."
