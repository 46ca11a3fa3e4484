"""The sweep's breach and warning emails reach only people on shift (issue 16: "nobody off shift
is paged"): an agent's own shift, else the team's; nobody on shift, the agent on call; nobody on
call either, the team's leads anyway."""

import datetime as dt

import pytest

from tiquetera.notifications.models import Notification
from tiquetera.sla.models import AgentShift, AssignmentRule, Clock, OnCall
from tiquetera.sla.sweep import sweep
from tiquetera.testing.factories import AgentProfileFactory, CalendarFactory

from .test_sweep_breach import ASSIGNEE, LEAD, MINUTE, NOW, running_clock

pytestmark = pytest.mark.django_db

SATURDAY = dt.datetime(2026, 7, 18, 10, 0, tzinfo=NOW.tzinfo)  # the regular calendar is closed
ALWAYS = {str(day): [["00:00", "24:00"]] for day in range(7)}


def paged(kind: str = "sla_breach") -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("to", flat=True))


def with_team_shift(clock: Clock) -> None:
    """The case's team works the regular hours (Mon–Fri 09–13, 14–17)."""
    policy = clock.case.policy
    AssignmentRule.objects.create(
        policy=policy, team=clock.case.team.key, shift=CalendarFactory(policy=policy)
    )


def on_call(clock: Clock, email: str) -> None:
    """`email` is on call this week on a 24x7 calendar the case's clock runs on."""
    policy = clock.case.policy
    clock.calendar.week = ALWAYS
    clock.calendar.save()
    day = SATURDAY.date()
    OnCall.objects.create(policy=policy, email=email, calendar=clock.calendar, starts=day, ends=day)
    AgentProfileFactory(user__email=email)


def test_on_shift_the_assignee_and_the_lead_are_told_of_a_breach():
    clock = running_clock(due_at=NOW - MINUTE)
    with_team_shift(clock)

    sweep(NOW)

    assert paged() == sorted([ASSIGNEE, LEAD])


def test_an_agent_whose_own_shift_is_over_is_not_paged():
    clock = running_clock(due_at=NOW - MINUTE)
    with_team_shift(clock)
    evenings = {str(day): [["18:00", "22:00"]] for day in range(7)}
    policy = clock.case.policy
    evening = CalendarFactory(policy=policy, week=evenings)
    AgentShift.objects.create(policy=policy, email=ASSIGNEE, calendar=evening)

    sweep(NOW)

    assert paged() == [LEAD]


def test_off_shift_the_agent_on_call_is_paged_and_nobody_else():
    clock = running_clock(due_at=SATURDAY - MINUTE)
    with_team_shift(clock)
    on_call(clock, "guardia@proveedor.co")

    sweep(SATURDAY)

    assert paged() == ["guardia@proveedor.co"]


def test_off_shift_a_warning_goes_to_the_agent_on_call_too():
    clock = running_clock(due_at=SATURDAY + dt.timedelta(hours=1), warn_at=SATURDAY - MINUTE)
    with_team_shift(clock)
    on_call(clock, "guardia@proveedor.co")

    sweep(SATURDAY)

    assert paged("sla_warning") == ["guardia@proveedor.co"]


def test_off_shift_with_nobody_on_call_the_lead_is_told_anyway():
    clock = running_clock(due_at=SATURDAY - MINUTE)
    with_team_shift(clock)

    sweep(SATURDAY)

    assert paged() == [LEAD]


def test_a_team_without_a_shift_is_always_on_shift():
    running_clock(due_at=SATURDAY - MINUTE)

    sweep(SATURDAY)

    assert paged() == sorted([ASSIGNEE, LEAD])
