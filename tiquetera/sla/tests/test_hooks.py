"""The clocks follow the case: an agent's reply meets the first response (and starts the next
progress update), naming an assignee meets the assignment, resolving meets the resolution,
waiting on the client pauses and the client's answer resumes, a final status cancels.

The hooks run at the real time (`timezone.now()`), so these tests compare with the stored
times rather than with fixed ones."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.sla.models import Clock
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.lifecycle.resolution import reopen, resolve
from tiquetera.tickets.models import Case
from tiquetera.tickets.services import change_status
from tiquetera.tickets.tests.intake_world import client, request

from .assignment_world import reload_preset
from .sla_world import JQ_DONE, MEXICO, bogota, clock, customsoft_case, engine, jq_case

pytestmark = pytest.mark.django_db

State = Clock.State


def states(case: Case) -> dict[str, str]:
    return dict(Clock.objects.filter(case=case).values_list("metric", "state"))


def test_an_agents_reply_meets_the_first_response_and_restarts_progress_updates():
    """seeds/001_a420c0afa0bc6e18.txt: a response within 24 hours, and clients "serán informados
    ... de sus avances" on long cases."""
    case = customsoft_case("incidente", at=dt.datetime(2026, 7, 14, 9, 0, tzinfo=MEXICO))
    add_reply(case, body="Estamos revisando el incidente.", actor=AgentFactory(), channel="email")
    case.refresh_from_db()
    first = clock(case, "first_response")
    assert (first.state, first.met_at) == (State.MET, case.first_response_at)
    assert first.breached_at == first.due_at  # answered months later: late
    progress = clock(case, "progress_update")
    assert (progress.state, progress.started_at) == (State.RUNNING, case.first_response_at)
    assert (progress.used_minutes, progress.breached_at) == (0, None)
    assert progress.due_at == engine(case, "regular").add(case.first_response_at, 24 * 60)


def test_a_clients_reply_meets_nothing():
    case = customsoft_case("incidente", at=dt.datetime(2026, 7, 14, 9, 0, tzinfo=MEXICO))
    add_reply(case, body="Adjunto la captura.", actor=None, contact=case.requester, channel="email")
    assert states(case)["first_response"] == State.RUNNING


def test_naming_an_assignee_meets_the_assignment():
    case = jq_case(at=bogota(2026, 7, 14, 10, 0))
    assign(case, agent=AgentProfileFactory(), actor=AgentFactory())
    assignment = clock(case, "assignment")
    assert assignment.state == State.MET
    assert assignment.met_at is not None
    assert states(case)["resolution"] == State.RUNNING


def test_a_case_assigned_at_intake_has_its_assignment_met_at_once():
    """JQ Systems' preset assigns nobody by itself (docs/sla.md); with auto-assignment on, the
    agent named at intake meets the assignment target at once."""
    _org, contact = client("jq-systems", plan="suscripcion-1")
    reload_preset("jq-systems", replace=('auto = "off"', 'auto = "least_loaded"'))
    AgentProfileFactory(skills=["Liquidación"])
    case = submit(
        request(
            contact,
            case_type="incidencia",
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=JQ_DONE,
            received_at=bogota(2026, 7, 14, 10, 0),
        )
    )
    assert case.assignee is not None
    assert states(case) == {"assignment": State.MET, "resolution": State.RUNNING}


def test_resolving_meets_the_resolution_and_cancels_the_rest():
    case = jq_case(at=bogota(2026, 7, 14, 10, 0))
    resolve(case, resolution="Se corrigió la liquidación.", actor=AgentFactory())
    assert states(case) == {"assignment": State.CANCELLED, "resolution": State.MET}
    case.refresh_from_db()
    assert case.sla_due_at is None


def test_reopening_runs_the_resolution_clock_again_with_the_time_it_used():
    case = jq_case(at=bogota(2026, 7, 14, 10, 0))
    resolve(case, resolution="Se corrigió la liquidación.", actor=AgentFactory())
    used = Clock.objects.get(case=case, metric="resolution").used_minutes
    reopen(case, actor=AgentFactory(), reason="Sigue fallando la liquidación.")
    resolution = Clock.objects.get(case=case, metric="resolution")
    assert (resolution.state, resolution.met_at) == (State.RUNNING, None)
    assert resolution.used_minutes == used
    case.refresh_from_db()
    assert case.sla_due_at == resolution.due_at


def test_waiting_on_the_client_pauses_and_the_answer_resumes():
    case = jq_case(at=timezone.now())
    change_status(case, "waiting_on_client", actor=AgentFactory())
    assert set(states(case).values()) == {State.PAUSED}
    assert Clock.objects.filter(case=case, due_at__isnull=False).count() == 0
    case.refresh_from_db()
    assert case.sla_due_at is None

    change_status(case, "in_progress", actor=AgentFactory())
    resolution = clock(case, "resolution")
    assert resolution.state == State.RUNNING
    left = max(resolution.target_minutes - resolution.used_minutes, 0)
    assert resolution.due_at == engine(case, "regular").add(resolution.running_since, left)
    case.refresh_from_db()
    assert case.sla_due_at == min(c.due_at for c in Clock.objects.filter(case=case))


def test_closing_cancels_every_running_clock():
    case = jq_case(at=bogota(2026, 7, 14, 10, 0))
    change_status(case, "closed", actor=AgentFactory())
    assert set(states(case).values()) == {State.CANCELLED}
    case.refresh_from_db()
    assert case.sla_due_at is None


def test_closing_a_waiting_case_cancels_its_paused_clocks():
    case = jq_case(at=bogota(2026, 7, 14, 10, 0))
    change_status(case, "waiting_on_client", actor=AgentFactory())
    change_status(case, "closed", actor=AgentFactory())
    assert set(states(case).values()) == {State.CANCELLED}
