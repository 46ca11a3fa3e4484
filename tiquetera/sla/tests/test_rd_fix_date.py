"""Seed 004 (Soho Apps): a bug escalated to R&D with a committed fix date stops its resolution
clock (the policy's `pause_for_rd`), and the date is a deadline of its own; back from R&D, the
resolution runs on with the business time it had left."""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.sla.models import Clock
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.lifecycle.escalation import escalate_to_rd, set_fix_date
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status

from .sla_world import BOGOTA, clock, jq_case, soho_case

pytestmark = pytest.mark.django_db


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=BOGOTA)


def test_escalation_pauses_the_resolution_and_back_from_rd_resumes_it():
    case = soho_case(at=timezone.now() - dt.timedelta(minutes=5))
    fix = timezone.localdate(timezone=BOGOTA) + dt.timedelta(days=3)
    escalate_to_rd(case, fix_due_on=fix, actor=AgentFactory())
    resolution = clock(case, "resolution")
    assert (resolution.state, resolution.due_at) == (Clock.State.PAUSED, None)
    fix_clock = clock(case, "fix_date")
    assert (fix_clock.state, fix_clock.due_at) == (Clock.State.RUNNING, end_of(fix))

    later = fix + dt.timedelta(days=2)
    set_fix_date(case, fix_due_on=later, actor=AgentFactory())
    assert clock(case, "fix_date").due_at == end_of(later)

    change_status(case, Status.IN_PROGRESS, actor=AgentFactory())
    resolution = clock(case, "resolution")
    assert resolution.state == Clock.State.RUNNING
    assert resolution.used_minutes <= 5  # the time with R&D did not count
    fix_clock = clock(case, "fix_date")
    assert (fix_clock.state, fix_clock.breached_at) == (Clock.State.MET, None)


def test_a_policy_that_does_not_pause_for_rd_keeps_the_clock_running():
    """JQ Systems' preset says nothing of R&D: its resolution clock runs on, no fix-date clock."""
    case = jq_case("incidencia", at=timezone.now() - dt.timedelta(minutes=5))
    fix = timezone.localdate(timezone=BOGOTA) + dt.timedelta(days=3)
    escalate_to_rd(case, fix_due_on=fix, actor=AgentFactory())
    assert clock(case, "resolution").state == Clock.State.RUNNING
    assert not Clock.objects.filter(case=case, metric="fix_date").exists()
