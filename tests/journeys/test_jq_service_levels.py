"""JQ Systems (seed 002_340504d33eeb239b.txt), service levels: the desk assigns nobody by itself
in regular hours (an agent who is free takes the case), and an urgency on a Saturday, in the
extended hours, goes to the agent on call of the rota the vendor loads with `tiquetera policy
load` — nobody off shift is given it. Read back through the API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tiquetera.policy.schema import PRESETS_DIR
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.tests.intake_world import client

from .money_world import open_case

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")
DONE = [
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
]
ROTA = """
[[assignment.on_call]]
agent = "guardia@jqsystems.com"
calendar = "extended"
from = 2026-07-18
until = 2026-07-24
"""


def urgency(contact, at: dt.datetime, case_type: str = "urgencia"):
    fields = {"application": "JQ Nómina", "module": "Liquidación"}
    return open_case(
        contact, case_type=case_type, fields=fields, prerequisites_done=DONE, received_at=at
    )


def assignee(agent_client, number: str) -> str | None:
    response = agent_client.get(f"/api/v1/cases/{number}")
    assert response.status_code == 200
    return response.json()["assignee"]


def test_a_saturday_urgency_goes_to_the_agent_on_call(agent_client, tmp_path, capsys):
    """Seed 002: S3 "Asignación del caso de 0 a 60 minutos" in the "Horario extendido: Lunes a
    sábado de 08:00 a 20:00"; "No se atenderá ningún caso los sábados" in regular hours; the
    answer is immediate "siempre y cuando el agente se encuentre libre"."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    policy_file = tmp_path / "jq-systems.toml"
    preset = (PRESETS_DIR / "jq-systems.toml").read_text(encoding="utf-8")
    policy_file.write_text(preset + ROTA, encoding="utf-8")
    call_command("policy", "load", str(policy_file))
    AgentProfileFactory(user__username="libre", user__email="libre@jqsystems.com", skills=[])
    AgentProfileFactory(user__username="guardia", user__email="guardia@jqsystems.com", skills=[])

    saturday = urgency(usr, dt.datetime(2026, 7, 18, 10, 0, tzinfo=BOGOTA))
    assert assignee(agent_client, saturday.number) == "guardia"
    clocks = agent_client.get(f"/api/v1/cases/{saturday.number}").json()["clocks"]
    assert {c["metric"]: c["state"] for c in clocks}["assignment"] == "met"

    # a Saturday S2 runs on regular hours: nobody is paged, it waits for an agent on Monday
    incident = urgency(usr, dt.datetime(2026, 7, 18, 11, 0, tzinfo=BOGOTA), "incidencia")
    assert assignee(agent_client, incident.number) is None
    # on a weekday the free agent takes the urgency from the queue: the desk gives it to nobody
    tuesday = urgency(usr, dt.datetime(2026, 7, 21, 10, 0, tzinfo=BOGOTA))
    assert assignee(agent_client, tuesday.number) is None
