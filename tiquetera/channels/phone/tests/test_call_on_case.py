"""A call about an existing case is recorded on it: under JQ Systems the call is the phone
notice an urgency needs next to its form (seed 002); on any other case it is an internal note
with the call's summary."""

import re

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.phone.models import Call
from tiquetera.channels.phone.services import CallError, record_call_on_case
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Article
from tiquetera.tickets.tests.intake_world import client, request

from .conftest import JQ_STEP, a_call

pytestmark = pytest.mark.django_db


def jq_case(contact, **values):
    base = {
        "case_type": "incidencia",
        "fields": {"application": "JQ Nómina", "module": "Liquidación"},
        "prerequisites_done": [JQ_STEP],
        "received_at": None,
    }
    return submit(request(contact, **{**base, **values}))


def test_a_call_on_a_pending_urgency_records_its_phone_notice(agent_client, agent, jq_usr):
    """ "Si el cliente requiere informar una urgencia, debe enviar el caso a través del
    formulario y notificarlo a través de las líneas telefónicas o por chat"."""
    urgency = jq_case(jq_usr, case_type="urgencia")
    assert "urgency_notice_pending" in urgency.flags
    call = a_call(jq_usr, agent, summary="Avisa de la urgencia del formulario.")

    response = agent_client.post(f"/calls/{call.pk}/record/", {"case": urgency.pk})

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{urgency.number}/"
    urgency.refresh_from_db()
    assert urgency.urgency_notified_at is not None
    assert "urgency_notice_pending" not in urgency.flags
    assert Call.objects.get().case == urgency
    notified = AuditEvent.objects.get(verb="case.urgency_notified")
    assert notified.after == {"channel": "phone"} and notified.actor_id == agent.pk
    assert AuditEvent.objects.filter(verb="call.recorded_on_case").count() == 1
    assert not Article.objects.filter(case=urgency).exists()


def test_a_call_on_any_other_case_is_an_internal_note(agent, jq_usr):
    case = jq_case(jq_usr)
    call = a_call(jq_usr, agent, summary="Pregunta si ya revisaron el error E-501.")

    record_call_on_case(call, case, actor=agent)

    note = Article.objects.get(case=case)
    assert note.kind == Article.Kind.NOTE
    assert "Pregunta si ya revisaron el error E-501." in note.body_text
    assert "Ana Pérez" in note.body_text
    assert "(310 6149927)" in note.body_text  # the phone as people dial it
    assert not re.search(r"\d{4}-\d{2}-\d{2}", note.body_text)  # the date in words, not ISO
    assert AuditEvent.objects.filter(verb="case.noted").count() == 1
    assert AuditEvent.objects.filter(verb="call.recorded_on_case").count() == 1
    case.refresh_from_db()
    assert case.urgency_notified_at is None


def test_a_call_is_recorded_only_on_a_case_of_its_organization(agent_client, agent, jq_usr):
    _org, other = client("jq-systems", plan="suscripcion-1", email="usr@otrohotel.co")
    foreign = jq_case(other)
    call = a_call(jq_usr, agent)
    with pytest.raises(CallError) as refused:
        record_call_on_case(call, foreign, actor=agent)
    assert refused.value.code == "case_of_another_organization"
    # the page offers only the organization's cases
    response = agent_client.post(f"/calls/{call.pk}/record/", {"case": foreign.pk})
    assert response.status_code == 200
    assert 'id="id_case_errors"' in response.content.decode()
    assert Call.objects.get().case is None
