"""CustomSoft (seed 001_a420c0afa0bc6e18.txt), service levels: "Tiempos de respuesta" 01 —
questions answered within 10 minutes of business time, whatever the priority — met when an
agent answers in time and breached when late, answered through the API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tiquetera.tickets.tests.intake_world import client

from .money_world import client_of, open_case

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
