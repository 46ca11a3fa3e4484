"""The sweep warns a running clock that reached its warning time (the policy's share of the
target, e.g. 80 %), once: the assignee is told, or the team's leads while nobody is assigned. On
a progress-update clock the warning is the reminder that the client is due news of a long case
(seed 001, CustomSoft: clients are informed of the progress of complex cases)."""

import datetime as dt

import pytest

from tiquetera.notifications.models import Notification
from tiquetera.sla.models import Clock, Metric
from tiquetera.sla.sweep import SweepCounts, sweep
from tiquetera.sla.tests.test_sweep_breach import (
    ASSIGNEE,
    LEAD,
    MINUTE,
    NOW,
    emails,
    running_clock,
)

pytestmark = pytest.mark.django_db

DUE = NOW + dt.timedelta(minutes=30)


def test_a_clock_past_its_warning_time_is_warned_once():
    clock = running_clock(due_at=DUE, warn_at=NOW - MINUTE)

    first, second = sweep(NOW), sweep(NOW + MINUTE)

    assert (first, second) == (SweepCounts(warned=1, emails=1), SweepCounts())
    clock.refresh_from_db()
    assert (clock.warned_at, clock.breached_at) == (NOW, None)
    assert emails("sla_warning") == [ASSIGNEE]


def test_the_warning_says_which_target_and_when_it_is_due():
    running_clock(due_at=DUE, warn_at=NOW)

    sweep(NOW)

    notice = Notification.objects.get(kind="sla_warning")
    assert notice.language == "es"
    assert "martes 14 de julio de 2026, 10:30 a. m. (hora de Bogotá)" in notice.text_body


def test_the_warning_of_an_unassigned_case_goes_to_the_team_leads():
    running_clock(due_at=DUE, warn_at=NOW - MINUTE, assigned=False)

    sweep(NOW)

    assert emails("sla_warning") == [LEAD]


def test_a_clock_before_its_warning_time_is_not_warned():
    clock = running_clock(due_at=DUE, warn_at=NOW + MINUTE)

    assert sweep(NOW) == SweepCounts()
    clock.refresh_from_db()
    assert clock.warned_at is None


def test_a_paused_clock_is_not_warned():
    running_clock(due_at=None, warn_at=None, state=Clock.State.PAUSED, running_since=None)

    assert sweep(NOW) == SweepCounts()


def test_a_progress_update_clock_reminds_the_assignee_that_an_update_is_due():
    """Seed 001 (CustomSoft): "serán informados los clientes de sus avances"."""
    running_clock(due_at=DUE, warn_at=NOW - MINUTE, metric=Metric.PROGRESS_UPDATE)

    sweep(NOW)

    assert emails("sla_progress_due") == [ASSIGNEE]
    assert emails("sla_warning") == []
