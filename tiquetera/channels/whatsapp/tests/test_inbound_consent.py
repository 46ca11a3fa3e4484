"""Seed 002, "será remitida al proveedor aliado ... bajo el consentimiento previo del cliente": a
client answers the referral of her case by WhatsApp — "Sí" consents; anything else is kept as a
reply and the question asked again."""

import pytest

from tiquetera.tickets.lifecycle.scope import mark_out_of_scope
from tiquetera.tickets.models import Article, Case
from tiquetera.tickets.statuses import Status

from . import payloads

pytestmark = pytest.mark.django_db


def referred_by_the_agent(deliver, agent) -> Case:
    deliver(payloads.text("La impresora de la recepción no imprime"))
    case = Case.objects.get()
    mark_out_of_scope(case, action="refer", reason="Lo atiende el proveedor aliado.", actor=agent)
    assert Case.objects.get().status == Status.PENDING_CONSENT
    return case


def test_a_yes_by_whatsapp_consents_to_the_referral(deliver, world, agent):
    case = referred_by_the_agent(deliver, agent)
    deliver(payloads.text("Sí"))
    assert Case.objects.get(pk=case.pk).status == Status.REFERRED
    assert Case.objects.count() == 1


def test_a_question_by_whatsapp_is_kept_and_the_case_still_waits(deliver, world, agent):
    case = referred_by_the_agent(deliver, agent)
    deliver(payloads.text("¿Quién es el proveedor?"))
    assert Case.objects.get(pk=case.pk).status == Status.PENDING_CONSENT
    assert Article.objects.filter(case=case, body_text="¿Quién es el proveedor?").exists()
