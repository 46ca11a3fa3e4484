"""CustomSoft (seed 001_a420c0afa0bc6e18.txt), service levels: "Tiempos de respuesta" 01 —
questions answered within 10 minutes of business time, whatever the priority — met when an
agent answers in time and breached when late, answered through the API; a question an agent
retypes as an incident takes the incident's targets from its start; the assignee of an incident
is reminded of the progress updates its clients are owed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.notifications.models import Notification
from tiquetera.sla.models import Clock
from tiquetera.sla.tasks import run_sla_timers
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.tests.intake_world import client

from .world import client_of, open_case

pytestmark = pytest.mark.django_db
MEXICO = ZoneInfo("America/Mexico_City")


def first_response(agent_client, number: str) -> dict:
    response = agent_client.get(f"/api/v1/cases/{number}")
    assert response.status_code == 200
    return next(c for c in response.json()["clocks"] if c["metric"] == "first_response")


def answer(agent_client, number: str) -> None:
    response = agent_client.post(
        f"/api/v1/cases/{number}/replies",
        {"body": "El reporte se genera desde Ventas > Reportes."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content.decode()


def test_a_question_answered_within_ten_business_minutes_is_met(agent_client):
    """Seed 001, "Tiempos de respuesta" 01: "dudas o preguntas informativas del sistema el plazo
    para dar una respuesta de parte del proveedor de servicios es de 10 minutos"; the client's
    póliza would promise 24 hours (line 12): the question type wins."""
    _org, contact = client_of("customsoft", "avanzada", time_zone="America/Mexico_City")
    asked = timezone.now() - dt.timedelta(minutes=3)  # at most 3 business minutes ago
    case = open_case(contact, case_type="consulta", received_at=asked)
    assert first_response(agent_client, case.number)["target_minutes"] == 10

    answer(agent_client, case.number)

    clock = first_response(agent_client, case.number)
    assert clock["state"] == "met"
    assert clock["breached_at"] is None
    assert clock["used_minutes"] <= 10


def test_a_question_answered_late_is_breached_when_its_ten_minutes_ran_out(agent_client):
    """Seed 001, "Tiempos de respuesta" 01, on the seed's hours ("9:00am a 1:00 pm y de 3:00 pm
    a 6:00 pm"): asked on Tuesday 14 July 2026 at 12:55 (under a póliza since 1 July), the 10
    minutes end at 15:05 (lunch does not count); answered months later, the clock is met late,
    breached at 15:05."""
    _org, contact = client("customsoft", plan="avanzada", time_zone="America/Mexico_City")
    asked = dt.datetime(2026, 7, 14, 12, 55, tzinfo=MEXICO)
    case = open_case(contact, case_type="consulta", received_at=asked)
    due = dt.datetime(2026, 7, 14, 15, 5, tzinfo=MEXICO)
    assert dt.datetime.fromisoformat(first_response(agent_client, case.number)["due_at"]) == due

    answer(agent_client, case.number)

    clock = first_response(agent_client, case.number)
    assert clock["state"] == "met"
    assert dt.datetime.fromisoformat(clock["breached_at"]) == due


def clocks(agent_client, number: str) -> dict[str, dict]:
    response = agent_client.get(f"/api/v1/cases/{number}")
    assert response.status_code == 200
    return {c["metric"]: c for c in response.json()["clocks"]}


def retype(agent_client, number: str, case_type: str) -> None:
    """The desk's "Cambiar tipo" on the case page."""
    response = agent_client.post(
        f"/cases/{number}/case_type/",
        {"case_type": case_type, "reason": "No es una duda: la factura no se timbra."},
    )
    assert response.status_code == 302, response.content.decode()


def test_a_question_retyped_as_an_incident_takes_the_incidents_targets_from_its_start(
    agent_client,
):
    """Seed 001, "Tiempos de respuesta": a question (01, 10 minutes) that an agent finds to be an
    incident (02, "resolver en 24 horas hábiles") takes the incident's targets, counted from when
    the client asked, on the seed's split shift; the póliza's 24-hour response replaces the
    10 minutes, and progress updates (line 135) start. One event in the history says so."""
    _org, contact = client("customsoft", plan="avanzada", time_zone="America/Mexico_City")
    asked = dt.datetime(2026, 7, 14, 12, 55, tzinfo=MEXICO)
    case = open_case(contact, case_type="consulta", received_at=asked)
    assert set(clocks(agent_client, case.number)) == {"first_response"}
    written = AuditEvent.objects.count()

    retype(agent_client, case.number, "incidente")

    assert AuditEvent.objects.count() == written + 1
    after = clocks(agent_client, case.number)
    assert {m: c["target_minutes"] for m, c in after.items()} == {
        "first_response": 24 * 60,
        "resolution": 24 * 60,
        "progress_update": 24 * 60,
    }
    engine = engine_for(
        Calendar.objects.get(pk=Clock.objects.filter(case=case).first().calendar_id)
    )
    day = dt.timedelta(hours=24)
    for clock in after.values():
        assert dt.datetime.fromisoformat(clock["due_at"]) == engine.add(asked, day)
    events = AuditEvent.objects.filter(verb="case.type_changed", object_id=str(case.pk))
    assert events.count() == 1
    assert "10 min → 3 días hábiles y 3 h (24 h)" in events.get().note
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    assert "Tipo de caso cambiado" in page


def test_a_question_answered_before_it_was_retyped_keeps_its_met_answer(agent_client):
    """Seed 001, "Tiempos de respuesta" 01 then 02: the 10-minute answer given in time stays on
    record; the incident's resolution clock starts from the case's start."""
    _org, contact = client("customsoft", plan="avanzada", time_zone="America/Mexico_City")
    asked = timezone.now() - dt.timedelta(minutes=3)
    case = open_case(contact, case_type="consulta", received_at=asked)
    answer(agent_client, case.number)

    retype(agent_client, case.number, "incidente")

    after = clocks(agent_client, case.number)
    assert after["first_response"]["state"] == "met"
    assert after["first_response"]["target_minutes"] == 10
    assert after["resolution"]["state"] == "running"
    assert after["resolution"]["target_minutes"] == 24 * 60


def moment(clock: dict, name: str) -> dt.datetime:
    return dt.datetime.fromisoformat(clock[name])


def reply(agent_client, number: str, body: str) -> None:
    response = agent_client.post(
        f"/api/v1/cases/{number}/replies", {"body": body}, content_type="application/json"
    )
    assert response.status_code == 201, response.content.decode()


def test_the_assignee_is_reminded_of_a_progress_update_at_the_policys_interval(agent_client, agent):
    """Seed 001, "Tiempos de respuesta", line 135: "Los tiempos de revisión para eventos de casos
    complejos serán informados los clientes de sus avances": on an incident, each public reply
    starts the next update interval the policy sets (the preset: every 24 business hours); when
    it runs short the SLA worker reminds the assignee; the next update starts it again. A
    question, answered in minutes, has no such interval."""
    _org, contact = client_of("customsoft", "avanzada", time_zone="America/Mexico_City")
    case = open_case(contact, case_type="incidente")
    ana = AgentProfileFactory(user__username="ana", user__email="ana@customsoft.mx").user
    taken = agent_client.post(
        f"/api/v1/cases/{case.number}/assignment", {"agent": "ana"}, "application/json"
    )
    assert taken.status_code == 200, taken.content.decode()
    reply(agent_client, case.number, "Estamos revisando el timbrado de la factura.")
    progress = clocks(agent_client, case.number)["progress_update"]
    assert (progress["state"], progress["target_minutes"]) == ("running", 24 * 60)

    # the worker's next minute after the warning time (the API's JSON keeps milliseconds only, so
    # the warning time it shows can fall a few microseconds before the stored one)
    worker_minute = moment(progress, "warn_at") + dt.timedelta(minutes=1)
    counts = run_sla_timers.call_local(worker_minute.isoformat())

    assert counts["warned"] >= 1 and counts["breached"] == 0  # the resolution's warning too
    reminder = Notification.objects.get(kind="sla_progress_due")
    assert reminder.to == ana.email and case.number in reminder.subject
    assert "avance" in reminder.text_body  # in the vendor's language, Spanish

    reply(agent_client, case.number, "El proveedor de timbrado confirmó la falla; seguimos.")
    again = clocks(agent_client, case.number)["progress_update"]
    # the interval starts again from this update (the same deadline when both came at night)
    assert moment(again, "started_at") > moment(progress, "started_at")
    assert moment(again, "due_at") >= moment(progress, "due_at")
    question = open_case(contact, case_type="consulta")
    assert "progress_update" not in clocks(agent_client, question.number)
