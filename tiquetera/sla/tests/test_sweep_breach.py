"""The sweep marks a running clock past its due time as breached, once, however many sweeps run:
the case is flagged, one "case.sla_breached" event is written, and the assignee and the team's
leads (its vendor administrators) are emailed (issue 5: "running it twice notifies once")."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.notifications.models import Notification
from tiquetera.sla import tasks
from tiquetera.sla.models import Clock, Metric
from tiquetera.sla.sweep import SweepCounts, sweep
from tiquetera.testing.factories import (
    AgentFactory,
    AgentProfileFactory,
    CalendarFactory,
    PolicyFactory,
    TeamFactory,
)
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
NOW = dt.datetime(2026, 7, 14, 10, 0, tzinfo=BOGOTA)  # a Tuesday in office hours
MINUTE = dt.timedelta(minutes=1)
ASSIGNEE, LEAD = "carlos@proveedor.co", "lider@proveedor.co"


def running_clock(
    *,
    due_at: dt.datetime | None,
    warn_at: dt.datetime | None = None,
    assigned: bool = True,
    **fields,
) -> Clock:
    """A running first-response clock on an open case of a team with one lead and one plain
    member; the case assigned to a third agent (unless `assigned` is False)."""
    policy = PolicyFactory()
    team = TeamFactory()
    AgentProfileFactory(user__email=LEAD, is_vendor_admin=True).teams.add(team)
    AgentProfileFactory(user__email="miembro@proveedor.co").teams.add(team)
    case = CaseFactory(
        organization__policy=policy,
        status=Status.OPEN,
        team=team,
        assignee=AgentFactory(email=ASSIGNEE) if assigned else None,
    )
    values = {
        "case": case,
        "metric": Metric.FIRST_RESPONSE,
        "calendar": CalendarFactory(policy=policy),
        "target_minutes": 180,
        "state": Clock.State.RUNNING,
        "started_at": NOW - dt.timedelta(hours=4),
        "running_since": NOW - dt.timedelta(hours=4),
        "due_at": due_at,
        "warn_at": warn_at,
        **fields,
    }
    return Clock.objects.create(**values)


def emails(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=kind).values_list("to", flat=True))


def test_a_clock_past_due_is_breached_and_its_case_flagged():
    clock = running_clock(due_at=NOW - MINUTE)

    counts = sweep(NOW)

    assert counts == SweepCounts(warned=0, breached=1, emails=2)
    clock.refresh_from_db()
    assert clock.breached_at == NOW
    assert clock.state == Clock.State.RUNNING  # a breached clock keeps counting
    assert Case.objects.get(pk=clock.case_id).sla_breached


def test_breach_emails_the_assignee_and_the_team_leads_not_every_member():
    running_clock(due_at=NOW - MINUTE)

    sweep(NOW)

    assert emails("sla_breach") == [ASSIGNEE, LEAD]
    notice = Notification.objects.filter(kind="sla_breach").first()
    assert notice is not None
    case = Case.objects.get()
    assert case.number in notice.subject
    assert case.number in notice.text_body
    assert notice.headers["X-Tiquetera-Case"] == case.number
    assert notice.organization is None  # staff email: not in the client's correspondence


def test_an_unassigned_case_breach_reaches_the_leads():
    running_clock(due_at=NOW - MINUTE, assigned=False)

    sweep(NOW)

    assert emails("sla_breach") == [LEAD]


def test_two_sweeps_breach_notify_and_record_once():
    clock = running_clock(due_at=NOW - MINUTE)

    first, second = sweep(NOW), sweep(NOW + MINUTE)

    assert (first.breached, second) == (1, SweepCounts())
    assert len(emails("sla_breach")) == 2
    event = AuditEvent.objects.get(verb="case.sla_breached")
    assert (event.actor_id, event.object_id) == (None, str(clock.case_id))
    assert event.after["metric"] == "first_response"
    clock.refresh_from_db()
    assert clock.breached_at == NOW


def test_a_clock_found_past_due_is_told_once_as_a_breach_not_warned_after():
    clock = running_clock(due_at=NOW - MINUTE, warn_at=NOW - dt.timedelta(minutes=30))

    counts = sweep(NOW)

    assert (counts.breached, counts.warned) == (1, 0)
    assert emails("sla_warning") == []
    clock.refresh_from_db()
    assert clock.warned_at == NOW


def test_an_already_warned_clock_keeps_its_warning_time_when_breached():
    warned = NOW - dt.timedelta(minutes=20)
    clock = running_clock(due_at=NOW - MINUTE, warn_at=warned, warned_at=warned)

    sweep(NOW)

    clock.refresh_from_db()
    assert (clock.warned_at, clock.breached_at) == (warned, NOW)


def test_a_clock_not_yet_due_is_not_breached():
    clock = running_clock(due_at=NOW + MINUTE)

    assert sweep(NOW) == SweepCounts()
    clock.refresh_from_db()
    assert clock.breached_at is None
    assert not Case.objects.get().sla_breached


def test_a_paused_clock_is_ignored():
    running_clock(due_at=None, state=Clock.State.PAUSED, running_since=None)

    assert sweep(NOW) == SweepCounts()
    assert Notification.objects.count() == 0


def test_a_met_clock_is_ignored_even_with_a_past_due_time():
    running_clock(due_at=NOW - dt.timedelta(hours=1), state=Clock.State.MET, met_at=NOW - MINUTE)

    assert sweep(NOW) == SweepCounts()
    assert not Case.objects.get().sla_breached
    assert not AuditEvent.objects.filter(verb="case.sla_breached").exists()


def test_the_minute_task_runs_the_sweep_and_the_auto_close():
    running_clock(due_at=NOW - MINUTE)

    result = tasks.run_sla_timers.call_local(NOW.isoformat())

    assert result == {"warned": 0, "breached": 1, "emails": 2, "auto_closed": 0}


def test_a_clock_whose_notice_fails_holds_back_no_other():
    """All the clocks of a sweep are handled in one transaction; when one fails (here its
    calendar's time zone is broken), they are handled again one by one: the others are marked
    and told, the broken one is left for the next sweep."""
    good = running_clock(due_at=NOW - MINUTE)
    broken = running_clock(due_at=NOW - 2 * MINUTE)
    type(broken.calendar).objects.filter(pk=broken.calendar_id).update(time_zone="Nowhere/Void")

    counts = sweep(NOW)

    assert counts.breached == 1
    good.refresh_from_db()
    broken.refresh_from_db()
    assert (good.breached_at, broken.breached_at) == (NOW, None)
    assert AuditEvent.objects.filter(verb="case.sla_breached").count() == 1
    assert not Case.objects.get(pk=broken.case_id).sla_breached
