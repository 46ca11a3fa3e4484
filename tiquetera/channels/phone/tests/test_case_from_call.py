"""A case opened from a call goes through the intake pipeline with channel "phone", and the
policy's rules decide: JQ Systems takes a phone case only with a justification, and an urgency's
call is its phone notice (seed 002); Soho Apps takes cases by its phone line, with the same
mandatory information as by the portal (seed 004)."""

import json

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.channels.phone.models import Call
from tiquetera.channels.phone.services import CallError, open_case_from_call
from tiquetera.tickets.models import Case, IntakeRule

from .conftest import JQ_STEP, a_call

pytestmark = pytest.mark.django_db


def test_a_call_opens_a_jq_urgency_by_phone_with_a_justification(agent_client, agent, jq_usr):
    """Seed 002: "Si el cliente no tiene acceso a Internet ... podrá utilizar los otros canales
    para notificar la urgencia"; the urgency is notified "a través de las líneas telefónicas"."""
    call = a_call(jq_usr, agent)
    response = agent_client.post(
        f"/calls/{call.pk}/case/",
        {
            "case_type": "urgencia",
            "shown_type": "urgencia",
            "severity": "S3",
            "field_application": "JQ Facturación",
            "prerequisites": ["0"],
            "subject": "El servidor no arranca",
            "description": "",  # the call's summary
            "channel_justification": "La sede no tiene Internet desde esta mañana.",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.number}/"
    assert (case.channel, case.severity, case.status) == ("phone", "S3", "open")
    assert case.requester == jq_usr
    assert case.description == call.summary
    assert "other_channel" in case.flags  # with the agent's justification, for JQ to see
    assert "urgency_notice_pending" not in case.flags  # the call itself brought it
    call.refresh_from_db()
    assert call.case == case
    assert json.loads(bytes(case.raw.content))["call"] == call.pk
    assert case.raw.channel == "phone"
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-2:] == ["case.created", "call.case_opened"]


def test_jq_asks_the_agent_why_the_case_comes_by_phone(agent_client, agent, jq_usr):
    """JQ's channel rule refuses another channel without a justification: the form asks."""
    call = a_call(jq_usr, agent)
    page = agent_client.get(f"/calls/{call.pk}/").content.decode()
    assert 'name="channel_justification"' in page
    response = agent_client.post(
        f"/calls/{call.pk}/case/",
        {
            "case_type": "solicitud",
            "shown_type": "solicitud",
            "severity": "S1",
            "field_application": "JQ Nómina",
            "subject": "Consulta",
            "description": "¿Cómo se liquida la prima?",
        },
    )
    assert response.status_code == 200
    assert 'id="id_channel_justification_errors"' in response.content.decode()
    assert not Case.objects.exists()


def test_without_a_justification_jq_refuses_the_phone_case(agent, jq_usr):
    """The rules, not the phone app, decide: "Si el cliente envía un caso por un canal distinto
    al Formulario de casos sin una justificación válida, JQ Systems se reserva el derecho de
    rechazarlo"."""
    call = a_call(jq_usr, agent)
    case = open_case_from_call(
        call,
        case_type="incidencia",
        subject="No imprime",
        fields={"application": "JQ Nómina", "module": "Facturas"},
        prerequisites_done=[JQ_STEP],
        actor=agent,
    )
    assert (case.channel, case.status, case.intake_reason) == ("phone", "rejected", "wrong_channel")
    assert Call.objects.get().case == case


def test_a_soho_call_opens_a_case_through_the_pipeline(agent_client, agent, soho_usr):
    """Seed 004: "la plataforma de tickets ... o la líneas de atención oficial"."""
    call = a_call(soho_usr, agent)
    page = agent_client.get(f"/calls/{call.pk}/").content.decode()
    assert 'name="channel_justification"' not in page  # the phone line is one of its channels
    response = agent_client.post(
        f"/calls/{call.pk}/case/",
        {
            "case_type": "fallo-total",
            "shown_type": "fallo-total",
            "severity": "ALTA",
            "field_application": "SOHO Hotel",
            "subject": "No se puede facturar en recepción",
            "description": "Fallo total desde las 8:00.",
            "phone": "+57 310 614 9927",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.channel, case.severity, case.status) == ("phone", "ALTA", "open")
    assert case.number.startswith("SOHO-")
    assert case.requester_phone == "+573106149927"


def test_a_soho_call_lacking_the_mandatory_information_is_closed_by_the_rules(agent, soho_usr):
    """Seed 004: "Aquellos tickets que carezcan de esta información ... serán cerrados"."""
    call = a_call(soho_usr, agent)
    case = open_case_from_call(
        call, case_type="inconveniente", subject="Algo falla en el sistema", actor=agent
    )
    assert (case.channel, case.status) == ("phone", "closed")
    assert case.intake_reason == "insufficient_information"
    assert "Ruta o menú exacto" in case.intake_message


def test_a_call_opens_one_case_only(agent, soho_usr):
    call = a_call(soho_usr, agent)
    # a failure: on weekdays Soho's calls open no other case (test_call_purposes.py)
    values = {"case_type": "fallo-total", "subject": "Caído", "fields": {"application": "SOHO"}}
    open_case_from_call(call, actor=agent, **values)
    with pytest.raises(CallError) as refused:
        open_case_from_call(call, actor=agent, **values)
    assert refused.value.code == "already_linked"
    assert Case.objects.count() == 1


def test_a_client_may_not_open_a_case_from_a_call(agent, jq_usr):
    from tiquetera.testing.factories import UserFactory

    call = a_call(jq_usr, agent)
    with pytest.raises(CallError):
        open_case_from_call(call, subject="x", actor=UserFactory())
    assert not Case.objects.exists()


def test_where_the_phone_is_a_form_channel_an_urgencys_call_is_its_notice(agent, jq_usr):
    """A policy whose form channels include the phone still wants an urgency's phone or chat
    notice: the call that opened the case is that notice."""
    rule = IntakeRule.objects.get(policy=jq_usr.organization.policy, kind="channel")
    rule.params = {**rule.params, "form": ["portal", "phone"]}
    rule.save()
    call = a_call(jq_usr, agent)
    case = open_case_from_call(
        call,
        case_type="urgencia",
        subject="El servidor no arranca",
        fields={"application": "JQ Facturación"},
        prerequisites_done=[JQ_STEP],
        actor=agent,
    )
    assert (case.channel, case.status) == ("phone", "open")
    assert case.urgency_notified_at is not None
    assert "urgency_notice_pending" not in case.flags
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-3:] == ["case.created", "case.urgency_notified", "call.case_opened"]


def test_the_case_type_redraws_its_block_on_the_call_page(agent_client, agent, jq_usr):
    call = a_call(jq_usr, agent)
    page = agent_client.get(f"/calls/{call.pk}/").content.decode()
    assert f'hx-get="/calls/{call.pk}/case/fields/"' in page
    assert 'name="attachments"' not in page
    block = agent_client.get(
        f"/calls/{call.pk}/case/fields/", {"case_type": "urgencia"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'name="shown_type" value="urgencia"' in block
    assert 'value="S3" selected' in block
    assert 'name="prerequisites"' in block
