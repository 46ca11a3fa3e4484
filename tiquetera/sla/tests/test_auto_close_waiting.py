"""Seed 004 (Soho Apps): "Los tickets ... a los que pasados 2 días hábiles ... serán cerrados y se
le notificará al solicitante que ha sido imposible contactarlo ... Se le pedirá que cuando esté en
disposición cree un nuevo ticket." Two business days of Soho's calendar (Monday to Friday, 08:00
to 18:00, Colombian holidays closed) are 20 business hours waiting on the client."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.calendars.models import Calendar
from tiquetera.notifications.models import Notification
from tiquetera.sla.models import SlaSettings
from tiquetera.sla.timers import auto_close_waiting
from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.tests.intake_world import preset

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
TWO_BUSINESS_DAYS = 2 * 10 * 60
# Friday 10:00: 8 h that day; the weekend and Monday July 20 (Independence Day) are closed;
# 10 h on Tuesday; the last 2 h on Wednesday morning.
FRIDAY = dt.datetime(2026, 7, 17, 10, 0, tzinfo=BOGOTA)
CLOSES_AT = dt.datetime(2026, 7, 22, 10, 0, tzinfo=BOGOTA)
REQUESTER = "ana.perez@hotelcliente.co"


@pytest.fixture
def soho():
    """The preset, with its auto-close rule as the seed states it (whatever the preset says)."""
    policy = preset("soho-apps")
    SlaSettings.objects.update_or_create(
        policy=policy,
        defaults={"auto_close_waiting_minutes": TWO_BUSINESS_DAYS, "auto_close_calendar": None},
    )
    return policy


def waiting_case(policy, since=FRIDAY, **fields) -> Case:
    return CaseFactory(
        organization=OrganizationFactory(policy=policy),
        status=Status.WAITING_ON_CLIENT,
        waiting_since=since,
        requester_email=REQUESTER,
        requester_name="Ana Pérez",
        **fields,
    )


def test_not_closed_one_business_minute_before_two_business_days(soho):
    case = waiting_case(soho)

    assert auto_close_waiting(CLOSES_AT - dt.timedelta(minutes=1)) == 0

    case.refresh_from_db()
    assert case.status == Status.WAITING_ON_CLIENT


def test_closed_after_two_business_days_waiting_with_a_notice_inviting_a_new_case(soho):
    """Seed 004: the requester is told we could not reach them and asked to open a new case."""
    case = waiting_case(soho)

    assert auto_close_waiting(CLOSES_AT) == 1

    case.refresh_from_db()
    assert (case.status, case.closed_at, case.waiting_since) == (Status.CLOSED, CLOSES_AT, None)
    notice = Notification.objects.get()
    assert (notice.kind, notice.to) == ("case_auto_closed", REQUESTER)
    assert case.number in notice.subject
    event = AuditEvent.objects.get(verb="case.status_changed")
    assert (event.actor_id, event.before["status"], event.after["status"]) == (
        None,
        "waiting_on_client",
        "closed",
    )
    assert "2 días hábiles (20 h)" in event.note  # two 10-hour days, in words


def test_two_runs_close_once_and_notify_once(soho):
    waiting_case(soho)

    assert [auto_close_waiting(CLOSES_AT), auto_close_waiting(CLOSES_AT)] == [1, 0]
    assert Notification.objects.count() == 1
    assert AuditEvent.objects.filter(verb="case.status_changed").count() == 1


def test_a_client_reply_before_the_timer_fires_cancels_it(soho):
    case = waiting_case(soho)
    change_status(case, Status.IN_PROGRESS, actor=None, reason="El cliente respondió")

    assert auto_close_waiting(CLOSES_AT + dt.timedelta(days=7)) == 0

    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS


def test_a_case_waiting_again_counts_from_its_new_waiting_time(soho):
    waiting_case(soho, since=CLOSES_AT - dt.timedelta(hours=1))

    assert auto_close_waiting(CLOSES_AT) == 0


def test_only_cases_of_a_policy_with_the_rule_are_closed(soho):
    other_policy = OrganizationFactory().policy
    other = CaseFactory(
        policy=other_policy,
        organization__policy=other_policy,
        status=Status.WAITING_ON_CLIENT,
        waiting_since=FRIDAY,
    )
    waiting_case(soho)

    assert auto_close_waiting(CLOSES_AT) == 1
    other.refresh_from_db()
    assert other.status == Status.WAITING_ON_CLIENT


def test_the_policys_auto_close_calendar_counts_instead_of_its_default(soho):
    """Soho's priority calendar works every day, holidays too: 8 h Friday, 10 h Saturday, 2 h
    Sunday morning."""
    SlaSettings.objects.filter(policy=soho).update(
        auto_close_calendar=Calendar.objects.get(policy=soho, key="priority")
    )
    case = waiting_case(soho)
    sunday = dt.datetime(2026, 7, 19, 10, 0, tzinfo=BOGOTA)

    assert auto_close_waiting(sunday - dt.timedelta(minutes=1)) == 0
    assert auto_close_waiting(sunday) == 1
    case.refresh_from_db()
    assert case.status == Status.CLOSED
