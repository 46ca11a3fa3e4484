"""`open_until`: until when business time passes at the wall clock's rate (the SLA countdowns tick
in the browser only inside that stretch). Pure engine tests: no database."""

import datetime as dt
from zoneinfo import ZoneInfo

from tiquetera.calendars.engine import BusinessCalendar

BOGOTA = ZoneInfo("America/Bogota")
SPLIT = BusinessCalendar(
    "America/Bogota", dict.fromkeys(range(5), (("09:00", "13:00"), ("14:00", "17:00")))
)
ALWAYS = BusinessCalendar(
    "America/Bogota", dict.fromkeys(range(7), (("00:00", "24:00"),)), country=None
)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=BOGOTA)


def test_inside_the_morning_it_runs_until_the_lunch_break():
    assert SPLIT.open_until(at(7, 10, 30)) == at(7, 13)


def test_during_the_break_and_at_closing_time_it_is_closed():
    assert SPLIT.open_until(at(7, 13, 30)) is None
    assert SPLIT.open_until(at(7, 17)) is None  # [start, end): 17:00 is already closed
    assert SPLIT.open_until(at(12, 10)) is None  # a Saturday


def test_touching_days_of_a_round_the_clock_calendar_are_one_stretch():
    """Midnight joins one day to the next: the stretch runs to the timeline's end, far ahead."""
    until = ALWAYS.open_until(at(7, 23, 59))
    assert until is not None and until - at(7, 23, 59) > dt.timedelta(days=300)
