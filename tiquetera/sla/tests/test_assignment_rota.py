"""Who is given a new case: auto-assignment off, least loaded or round robin (the policy's
[assignment]); only agents on shift; off shift, the agent on call, and nobody else."""

import datetime as dt

import pytest

from tiquetera.directory.models import Contact
from tiquetera.sla.models import Clock
from tiquetera.sla.sweep import sweep
from tiquetera.testing.factories import AgentProfileFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client, request

from .assignment_world import agent, reload_preset
from .sla_world import JQ_DONE, MEXICO, bogota, clock, jq_case

pytestmark = pytest.mark.django_db

ROTA = """
[[assignment.on_call]]
agent = "guardia@jqsystems.com"
calendar = "extended"
from = 2026-07-18
until = 2026-07-24
"""


def test_jq_assigns_nobody_by_itself_so_the_assignment_target_measures_the_wait():
    """seeds/002_340504d33eeb239b.txt, line 15: the answer is immediate "siempre y cuando el
    agente se encuentre libre"; S2 "Asignación del caso de 0 a 24 horas laborables"."""
    agent("libre@jqsystems.com")
    case = jq_case("incidencia", at=bogota(2026, 7, 14, 10, 0))
    assert case.assignee_id is None
    assert clock(case, "assignment").state == Clock.State.RUNNING


def jq_with_rota() -> Contact:
    """A JQ Systems USR under suscripcion-1, the preset loaded with an on-call rota."""
    _org, contact = client("jq-systems", plan="suscripcion-1")
    reload_preset("jq-systems", ROTA)
    return contact


def jq_submit(contact: Contact, case_type: str, at: dt.datetime) -> Case:
    fields = {"application": "JQ Nómina", "module": "Liquidación"}
    values = {"fields": fields, "prerequisites_done": JQ_DONE, "received_at": at}
    return submit(request(contact, case_type=case_type, **values))


def test_jq_saturday_urgency_goes_to_the_agent_on_call_and_nobody_else():
    """seeds/002: S3 in "Horario extendido: Lunes a sábado de 08:00 a 20:00"; regular hours are
    Monday to Friday."""
    contact = jq_with_rota()
    agent("libre@jqsystems.com")
    on_call = agent("guardia@jqsystems.com")
    case = jq_submit(contact, "urgencia", bogota(2026, 7, 18, 10, 0))
    assert case.assignee_id == on_call.user_id
    assert clock(case, "assignment").state == Clock.State.MET


def test_an_s2_on_saturday_pages_nobody_and_without_a_rota_neither_does_an_urgency():
    """seeds/002, line 38: "No se atenderá ningún caso los sábados" outside urgencies."""
    contact = jq_with_rota()
    agent("guardia@jqsystems.com")
    assert jq_submit(contact, "incidencia", bogota(2026, 7, 18, 10, 0)).assignee_id is None
    assert jq_submit(contact, "urgencia", bogota(2026, 7, 25, 10, 0)).assignee_id is None


def customsoft_question(contact: Contact, at: dt.datetime) -> int | None:
    return submit(request(contact, case_type="consulta", received_at=at)).assignee_id


def test_round_robin_gives_cases_in_turn_even_to_a_loaded_agent():
    _org, contact = client("customsoft", plan="avanzada")
    reload_preset("customsoft", '\n[assignment]\nauto = "round_robin"\n')
    first, second = agent("uno@customsoft.mx"), agent("dos@customsoft.mx")
    times = [dt.datetime(2026, 7, 14, 10, minute, tzinfo=MEXICO) for minute in (1, 2, 3)]
    assert [customsoft_question(contact, at) for at in times] == [
        first.user_id,
        second.user_id,
        first.user_id,
    ]


def test_an_agent_off_their_own_shift_is_skipped():
    """An agent whose own calendar is closed is not given the case, however light their load."""
    _org, contact = client("customsoft", plan="avanzada")
    afternoon = """
[calendars.tarde]
name = "Turno de la tarde"

[calendars.tarde.hours]
"mon-fri" = ["15:00-18:00"]

[assignment.agents]
"tarde@customsoft.mx" = "tarde"
"""
    reload_preset("customsoft", afternoon)
    late = agent("tarde@customsoft.mx")
    early = agent("manana@customsoft.mx")
    early.working_cases = 5
    early.save()
    assert (
        customsoft_question(contact, dt.datetime(2026, 7, 14, 10, 0, tzinfo=MEXICO))
        == early.user_id
    )
    assert (
        customsoft_question(contact, dt.datetime(2026, 7, 14, 16, 0, tzinfo=MEXICO)) == late.user_id
    )


def test_a_late_saturday_urgency_is_not_reassigned_to_a_lead_off_shift():
    """seeds/002: the preset's example escalation gives an urgency nobody took in its hour to the
    lead; on a Saturday the lead is off shift: the agent on call gets it, and without one the
    case stays in the queue (nobody off shift is paged)."""
    contact = jq_with_rota()
    AgentProfileFactory(user__email="lider@jqsystems.com", is_vendor_admin=True, skills=[])
    saturday = jq_submit(contact, "urgencia", bogota(2026, 7, 18, 10, 0))
    assert saturday.assignee_id is None  # the agent on call has no account yet
    on_call = agent("guardia@jqsystems.com")
    sweep(clock(saturday, "assignment").due_at + dt.timedelta(minutes=1))
    saturday.refresh_from_db()
    assert saturday.assignee_id == on_call.user_id

    later = jq_submit(contact, "urgencia", bogota(2026, 7, 25, 10, 0))  # the rota is over
    sweep(clock(later, "assignment").due_at + dt.timedelta(minutes=1))
    later.refresh_from_db()
    assert later.assignee_id is None
