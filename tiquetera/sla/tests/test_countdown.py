"""The SLA countdown the case page and the queue show (`sla/countdown.py`): business time left
computed by the server with the clock's calendar, and how long from now it passes 1:1 (only then
may the browser tick it).

JQ Systems' "Horario regular" is Monday to Friday 09:00-13:00 and 14:00-17:00 (Bogotá); the
case is received on Tuesday 14 July 2026 at 10:00 and its resolution clock is due on Friday 24
July at 10:00 (Monday 20 July is Independence Day)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tiquetera.desk.tests.world import open_case
from tiquetera.sla.countdown import countdown, countdown_html, span_text
from tiquetera.sla.models import Clock
from tiquetera.tickets.tests.intake_world import client

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def usr():
    _org, contact = client("jq-systems", plan="suscripcion-1")
    return contact


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 7, day, hour, minute, tzinfo=BOGOTA)


def resolution(contact) -> Clock:
    clock = open_case(contact).clocks.select_related("calendar").get(metric="resolution")
    assert clock.due_at == at(24, 10)
    return clock


def test_in_working_hours_the_time_left_ticks_until_the_lunch_break(usr):
    clock = resolution(usr)
    shown = countdown(clock, at(14, 11, 30))
    assert shown is not None and not shown.overdue
    assert shown.left == dt.timedelta(minutes=clock.target_minutes - 90)
    assert shown.steady_for == dt.timedelta(minutes=90)  # until 13:00


def test_during_the_lunch_break_nothing_ticks_and_nothing_is_spent(usr):
    clock = resolution(usr)
    lunch, after = countdown(clock, at(14, 13, 10)), countdown(clock, at(14, 13, 50))
    assert lunch is not None and after is not None
    assert lunch.left == after.left == dt.timedelta(minutes=clock.target_minutes - 180)
    assert lunch.steady_for == dt.timedelta(0)


def test_past_the_due_time_the_lateness_is_business_time_and_grows(usr):
    clock = resolution(usr)
    shown = countdown(clock, at(24, 11))
    assert shown is not None and shown.overdue
    assert shown.late == dt.timedelta(hours=1)
    assert shown.steady_for == dt.timedelta(hours=2)  # late grows 1:1 until 13:00
    html = str(countdown_html(shown))
    assert 'data-direction="up"' in html and "1 h 00 min" in html


def test_a_paused_clock_has_no_countdown(usr):
    clock = resolution(usr)
    clock.state = Clock.State.PAUSED
    assert countdown(clock, at(14, 11)) is None


def test_spans_read_in_hours_minutes_and_business_days():
    assert span_text(2 * 3600 + 5 * 60 + 9, 420) == "2 h 05 min"
    assert span_text(42 * 60 + 7, 420) == "42 min 07 s"
    assert span_text(-5, 420) == "0 min 00 s"
    assert "día" in span_text(3 * 420 * 60, 420)  # a working day or more: in business days


def test_rounded_spans_keep_whole_business_days_and_under_a_day_hours_and_minutes():
    """The queue's form: "66 días hábiles", never "66 días hábiles y 9 h 10 min (801 h 10 min)";
    under a working day it is the same as the exact one."""
    long = (66 * 12 + 9) * 3600 + 10 * 60  # 12-hour working days
    assert span_text(long, 720, rounded=True) == "66 días hábiles"
    assert span_text(long, 720) == "66 días hábiles y 9 h 10 min (801 h 10 min)"
    assert span_text(720 * 60, 720, rounded=True) == "1 día hábil"
    assert span_text(9 * 3600 + 600, 720, rounded=True) == "9 h 10 min"
