"""Issue 16: an inquiry has no clock unless the policy sets one. With the `channel` rule's
`inquiry_first_response`, an inquiry is due within that business time on the policy's calendar
(the one engine: breaks, weekends, holidays), the agent's first answer meets it, and the desk's
Consultas list and page say it in words."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.channels.phone.services import log_call
from tiquetera.inquiries.services import answer_inquiry, client_asked, inquiry_from_call
from tiquetera.tickets.models import IntakeRule
from tiquetera.tickets.tests.intake_world import BOGOTA, client

pytestmark = pytest.mark.django_db


def jq_client(**clock: str):
    org, contact = client("jq-systems", plan="suscripcion-1")
    rule = IntakeRule.objects.get(policy_id=org.policy_id, kind="channel")
    rule.params = {**rule.params, **clock}
    rule.save()
    contact.whatsapp, contact.whatsapp_opt_in = "+573106149927", True
    contact.save()
    return contact


def ask(contact, at: dt.datetime):
    inquiry, _created = client_asked(contact, body="¿Cómo exporto?", channel="whatsapp", sent_at=at)
    return inquiry


def test_without_the_setting_an_inquiry_has_no_clock(agent_client):
    inquiry = ask(jq_client(), timezone.now())

    assert inquiry.first_response_due_at is None and inquiry.response_state == ""
    page = agent_client.get(f"/inquiries/{inquiry.pk}/").content.decode()
    assert 'id="first-answer"' not in page


def test_the_due_time_is_business_time_on_the_policy_calendar():
    """JQ's regular calendar: Monday to Friday 09:00-13:00 and 14:00-17:00, Colombian holidays.
    Friday 17 July 2026 at 16:30 plus 2 h: 30 minutes on Friday, Monday 20 is a holiday
    (Independence Day), 1 h 30 on Tuesday from 09:00."""
    contact = jq_client(inquiry_first_response="2h")

    inquiry = ask(contact, dt.datetime(2026, 7, 17, 16, 30, tzinfo=BOGOTA))

    assert inquiry.first_response_due_at == dt.datetime(2026, 7, 21, 10, 30, tzinfo=BOGOTA)


def test_another_calendar_of_the_policy_counts_when_named():
    """JQ's extended calendar works Saturdays 08:00-20:00."""
    contact = jq_client(inquiry_first_response="2h", inquiry_calendar="extended")

    inquiry = ask(contact, dt.datetime(2026, 7, 18, 9, 0, tzinfo=BOGOTA))  # a Saturday

    assert inquiry.first_response_due_at == dt.datetime(2026, 7, 18, 11, 0, tzinfo=BOGOTA)


def test_an_unanswered_inquiry_past_due_is_late_and_the_list_says_so(agent_client):
    contact = jq_client(inquiry_first_response="2h")
    inquiry = ask(contact, dt.datetime(2026, 7, 14, 10, 0, tzinfo=BOGOTA))

    assert inquiry.response_state == "late"
    listed = agent_client.get("/inquiries/").content.decode()
    assert "Primera respuesta" in listed
    assert "vencida" in listed and "14 jul 2026, 12:00 p." in listed


def test_an_inquiry_still_due_says_by_when(agent_client):
    contact = jq_client(inquiry_first_response="1000h")
    inquiry = ask(contact, timezone.now())

    assert inquiry.response_state == "due"
    page = agent_client.get(f"/inquiries/{inquiry.pk}/").content.decode()
    assert "responder antes de:" in page


def test_the_first_answer_meets_it_on_time_or_late(agent, agent_client, settings):
    settings.WHATSAPP_TOKEN, settings.WHATSAPP_PHONE_NUMBER_ID = "token", "123"
    contact = jq_client(inquiry_first_response="1000h")
    on_time = ask(contact, timezone.now())

    answer_inquiry(on_time, body="En Informes → Exportar.", actor=agent)
    on_time.refresh_from_db()
    first = on_time.first_response_at
    answer_inquiry(on_time, body="¿Algo más?", actor=agent)
    on_time.refresh_from_db()

    assert on_time.first_response_at == first  # the first answer only
    assert on_time.response_state == "met"
    assert "respondida a tiempo" in agent_client.get("/inquiries/?show=all").content.decode()

    on_time.first_response_due_at = on_time.first_response_at - dt.timedelta(minutes=1)
    on_time.save()
    assert on_time.response_state == "met_late"
    assert "respondida tarde" in agent_client.get("/inquiries/?show=all").content.decode()


def test_a_call_recorded_as_an_inquiry_was_answered_on_the_call(agent):
    contact = jq_client(inquiry_first_response="2h")
    call = log_call(
        organization=contact.organization,
        contact=contact,
        started_at=timezone.now() - dt.timedelta(minutes=5),
        summary="¿Dónde descargo el instalador?",
        actor=agent,
    )

    inquiry = inquiry_from_call(call, actor=agent)

    assert inquiry.first_response_at == call.started_at
    assert inquiry.response_state == "met"
