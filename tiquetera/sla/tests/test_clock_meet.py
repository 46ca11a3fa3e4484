"""Meeting a target stops its clock; one met late keeps the moment it fell due as its breach."""

import pytest

from tiquetera.sla.models import Clock
from tiquetera.sla.services import meet, pause_clocks

from .sla_world import bogota, clock, jq_case

pytestmark = pytest.mark.django_db

RECEIVED = bogota(2026, 7, 14, 10, 0)  # assignment due Friday 17 July at 13:00


def test_a_target_met_in_time_has_no_breach():
    case = jq_case(at=RECEIVED)
    met = meet(case, "assignment", at=bogota(2026, 7, 14, 11, 30))
    assert met is not None
    stored = clock(case, "assignment")
    assert (stored.state, stored.met_at, stored.breached_at) == (
        Clock.State.MET,
        bogota(2026, 7, 14, 11, 30),
        None,
    )
    assert stored.used_minutes == 90
    case.refresh_from_db()
    assert case.sla_due_at == clock(case, "resolution").due_at  # the next one left


def test_a_target_met_late_is_breached_at_its_due_time():
    case = jq_case(at=RECEIVED)
    meet(case, "assignment", at=bogota(2026, 7, 17, 15, 0))
    stored = clock(case, "assignment")
    assert stored.state == Clock.State.MET
    assert stored.breached_at == bogota(2026, 7, 17, 13, 0)


def test_a_breach_the_sweep_marked_is_kept():
    case = jq_case(at=RECEIVED)
    Clock.objects.filter(case=case, metric="assignment").update(
        breached_at=bogota(2026, 7, 17, 13, 1)
    )
    meet(case, "assignment", at=bogota(2026, 7, 17, 15, 0))
    assert clock(case, "assignment").breached_at == bogota(2026, 7, 17, 13, 1)


def test_a_paused_clock_can_be_met():
    case = jq_case(at=RECEIVED)
    pause_clocks(case, at=bogota(2026, 7, 14, 11, 0))
    meet(case, "resolution", at=bogota(2026, 7, 20, 11, 0))
    stored = clock(case, "resolution")
    assert (stored.state, stored.used_minutes, stored.breached_at) == (Clock.State.MET, 60, None)


def test_meeting_a_metric_without_a_clock_does_nothing():
    case = jq_case(at=RECEIVED)
    assert meet(case, "first_response", at=bogota(2026, 7, 14, 11, 0)) is None
    meet(case, "assignment", at=bogota(2026, 7, 14, 11, 0))
    assert meet(case, "assignment", at=bogota(2026, 7, 14, 12, 0)) is None
    assert clock(case, "assignment").met_at == bogota(2026, 7, 14, 11, 0)
