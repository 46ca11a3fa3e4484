"""Pausing keeps the business time used; resuming runs the rest, so a pause moves the deadline
by exactly the business time paused (DESIGN.md, "SLA clocks are rows")."""

import pytest

from tiquetera.sla.models import Clock
from tiquetera.sla.services import pause_clocks, resume_clocks

from .sla_world import bogota, clock, engine, jq_case

pytestmark = pytest.mark.django_db

RECEIVED = bogota(2026, 7, 14, 10, 0)  # a Tuesday; assignment (24 h) due Friday 17 at 13:00


def test_a_pause_of_two_business_hours_moves_the_deadline_two_business_hours():
    """Paused at 11:00 and resumed at 14:00: 11–13 counts, the lunch hour does not."""
    case = jq_case(at=RECEIVED)
    before = clock(case, "assignment").due_at
    assert before == bogota(2026, 7, 17, 13, 0)

    pause_clocks(case, at=bogota(2026, 7, 14, 11, 0))
    paused = clock(case, "assignment")
    assert (paused.state, paused.used_minutes, paused.due_at, paused.warn_at) == (
        Clock.State.PAUSED,
        60,
        None,
        None,
    )
    case.refresh_from_db()
    assert case.sla_due_at is None  # nothing runs: the queue has no deadline for it

    resume_clocks(case, at=bogota(2026, 7, 14, 14, 0))
    resumed = clock(case, "assignment")
    assert resumed.state == Clock.State.RUNNING
    assert resumed.running_since == bogota(2026, 7, 14, 14, 0)
    assert resumed.due_at == engine(case, "regular").add(before, 120)
    assert resumed.due_at == bogota(2026, 7, 17, 16, 0)
    case.refresh_from_db()
    assert case.sla_due_at == resumed.due_at


def test_a_pause_outside_business_hours_changes_nothing():
    """Paused on Friday at 17:00, resumed on Tuesday 09:00 (Monday 20 July is a holiday)."""
    case = jq_case(at=RECEIVED)
    before = clock(case, "resolution").due_at
    pause_clocks(case, at=bogota(2026, 7, 17, 17, 0))
    resume_clocks(case, at=bogota(2026, 7, 21, 9, 0))
    assert clock(case, "resolution").due_at == before


@pytest.mark.parametrize(
    ("paused", "resumed"),
    [
        (bogota(2026, 7, 14, 12, 17), bogota(2026, 7, 15, 9, 45)),
        (bogota(2026, 7, 15, 16, 59), bogota(2026, 7, 22, 13, 30)),
        (bogota(2026, 7, 14, 10, 0), bogota(2026, 7, 14, 10, 1)),
    ],
)
def test_the_deadline_moves_by_the_business_time_between_pause_and_resume(paused, resumed):
    case = jq_case(at=RECEIVED)
    before = clock(case, "resolution").due_at
    pause_clocks(case, at=paused)
    resume_clocks(case, at=resumed)
    moved = engine(case, "regular").between(paused, resumed)
    assert clock(case, "resolution").due_at == engine(case, "regular").add(before, moved)


def test_two_pauses_add_up():
    case = jq_case(at=RECEIVED)
    before = clock(case, "assignment").due_at
    for day in (14, 15):
        pause_clocks(case, at=bogota(2026, 7, day, 15, 0))
        resume_clocks(case, at=bogota(2026, 7, day, 16, 0))
    assert clock(case, "assignment").due_at == engine(case, "regular").add(before, 120)
    # Tuesday 10–15 less lunch (4 h), then Tuesday 16–17 and Wednesday 09–15 less lunch (6 h)
    assert clock(case, "assignment").used_minutes == 10 * 60


def test_pausing_twice_or_resuming_a_running_clock_does_nothing():
    case = jq_case(at=RECEIVED)
    assert resume_clocks(case, at=bogota(2026, 7, 14, 11, 0)) == []
    pause_clocks(case, at=bogota(2026, 7, 14, 11, 0))
    assert pause_clocks(case, at=bogota(2026, 7, 14, 12, 0)) == []
    assert clock(case, "assignment").used_minutes == 60
