"""JQ Systems (seed 002_340504d33eeb239b.txt), service levels: the desk assigns nobody by itself
in regular hours (an agent who is free takes the case), and an urgency on a Saturday, in the
extended hours, goes to the agent on call of the rota the vendor loads with `tiquetera policy
load` — nobody off shift is given it. Read back through the API. A breach is emailed only to
people on shift: the agent on call on a Saturday, the lead when nobody is on call."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from tiquetera.notifications.models import Notification
from tiquetera.policy.schema import PRESETS_DIR
from tiquetera.sla.tasks import run_sla_timers
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.tests.intake_world import client

from .world import open_case

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


def load_jq(tmp_path, extra: str = "") -> None:
    """The JQ Systems preset loaded as a vendor does, with `extra` TOML (its on-call rota)."""
    policy_file = tmp_path / "jq-systems.toml"
    preset = (PRESETS_DIR / "jq-systems.toml").read_text(encoding="utf-8")
    policy_file.write_text(preset + extra, encoding="utf-8")
    call_command("policy", "load", str(policy_file))


def urgency_taken_on_thursday(agent_client, usr) -> str:
    """An S3 received on Thursday 16 July 2026 at 16:00 and taken by Ana (regular hours) through
    the API: its 24 extended hours (Mon–Sat 08–20) run out on Saturday at 16:00."""
    AgentProfileFactory(user__username="ana", user__email="ana@jqsystems.com", skills=[])
    case = urgency(usr, dt.datetime(2026, 7, 16, 16, 0, tzinfo=BOGOTA))
    taken = agent_client.post(
        f"/api/v1/cases/{case.number}/assignment", {"agent": "ana"}, "application/json"
    )
    assert taken.status_code == 200, taken.content
    return case.number


def breach_emails_on_saturday() -> list[str]:
    """The SLA worker's minute on Saturday 18 July at 16:01; the breach emails it queued."""
    counts = run_sla_timers.call_local("2026-07-18T16:01:00-05:00")
    assert counts["breached"] == 1
    return sorted(Notification.objects.filter(kind="sla_breach").values_list("to", flat=True))


def test_a_breach_on_saturday_pages_the_agent_on_call_not_the_agent_off_shift(
    agent_client, tmp_path
):
    """Seed 002: S3 "Resolución en un plazo máximo de 0 a 24 horas laborables en horario de
    urgencias"; "No se atenderá ningún caso los sábados" in regular hours: Ana, who took the
    urgency on Thursday, is off shift when it breaches on Saturday; the agent on call hears."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    load_jq(tmp_path, ROTA)
    AgentProfileFactory(user__username="guardia", user__email="guardia@jqsystems.com", skills=[])
    urgency_taken_on_thursday(agent_client, usr)

    assert breach_emails_on_saturday() == ["guardia@jqsystems.com"]


def test_with_nobody_on_call_the_vendors_lead_is_told_of_a_saturday_breach_anyway(
    agent_client, tmp_path
):
    """Seed 002, line 15: "se tomarán las medidas que sean necesarias ... en el caso de
    incumplimiento": with no rota loaded, nobody off shift is paged but the lead (the vendor's
    administrator, JQ's cases having no team) is emailed anyway, so the breach is not lost."""
    _org, usr = client("jq-systems", plan="suscripcion-1")
    load_jq(tmp_path)
    AgentProfileFactory(
        user__username="jefe", user__email="jefe@jqsystems.com", is_vendor_admin=True
    )
    urgency_taken_on_thursday(agent_client, usr)

    assert breach_emails_on_saturday() == ["jefe@jqsystems.com"]
