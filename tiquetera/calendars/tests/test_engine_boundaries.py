"""Edges of business time: breaks, closing times, holidays, weekends, year ends, zero durations,
[start, end) intervals, microseconds and daylight-saving changes (America/Santiago).

Pure engine tests: no database. 2026 in Colombia: Mon 23 March is San José (observed).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tiquetera.calendars.engine import BusinessCalendar, ClosedDay

BOGOTA = ZoneInfo("America/Bogota")
SANTIAGO = ZoneInfo("America/Santiago")
UTC = dt.UTC


def hours(weekdays: range, *intervals: tuple[str, str]) -> dict[int, tuple[tuple[str, str], ...]]:
    """The same working intervals on each of `weekdays` (Monday 0)."""
    return dict.fromkeys(weekdays, intervals)


REGULAR = BusinessCalendar(
    "America/Bogota", hours(range(5), ("09:00", "13:00"), ("14:00", "17:00"))
)
ALWAYS = BusinessCalendar("America/Bogota", hours(range(7), ("00:00", "24:00")), country=None)
# Chile moves its clocks at midnight between Saturday and Sunday: forward on 6 Sep 2026 (00:00
# never happens: 01:00 -03 follows 23:59:59 -04), back on 4 Apr 2027 (Saturday 23:00-24:00
# happens twice, first at -03, then at -04).
NIGHTS = BusinessCalendar(
    "America/Santiago",
    {
        5: [("22:00", "23:30"), ("23:45", "24:00")],
        6: [("00:00", "00:20"), ("00:30", "02:00")],
    },
    country="CL",
)


def bogota(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BOGOTA)


def santiago(*args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SANTIAGO, fold=fold)


def utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(UTC)


TUESDAY = (2026, 3, 24)


# --- breaks and closing times ----------------------------------------------------------------
def test_start_inside_the_break_counts_from_the_reopening() -> None:
    assert REGULAR.add(bogota(*TUESDAY, 13, 30), 60) == bogota(*TUESDAY, 15, 0)
    assert REGULAR.add(bogota(*TUESDAY, 13, 0), 60) == bogota(*TUESDAY, 15, 0)


def test_four_hours_from_nine_end_at_one_not_two() -> None:
    assert REGULAR.add(bogota(*TUESDAY, 9, 0), 4 * 60) == bogota(*TUESDAY, 13, 0)
    assert REGULAR.add(bogota(*TUESDAY, 9, 0), dt.timedelta(hours=4)) == bogota(*TUESDAY, 13, 0)
    assert REGULAR.add(bogota(*TUESDAY, 9, 0), 4 * 60 + 1) == bogota(*TUESDAY, 14, 1)


def test_deadline_at_closing_time_stays_on_that_day() -> None:
    assert REGULAR.add(bogota(*TUESDAY, 14, 0), 3 * 60) == bogota(*TUESDAY, 17, 0)
    assert REGULAR.add(bogota(*TUESDAY, 14, 0), 3 * 60 + 1) == bogota(2026, 3, 25, 9, 1)


def test_start_at_closing_time_counts_from_the_next_opening() -> None:
    assert REGULAR.add(bogota(*TUESDAY, 17, 0), 60) == bogota(2026, 3, 25, 10, 0)


# --- closed days -------------------------------------------------------------------------------
def test_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert REGULAR.add(bogota(2026, 3, 23, 10, 0), 60) == bogota(*TUESDAY, 10, 0)


@pytest.mark.parametrize("day", [21, 22])
def test_start_on_the_weekend_counts_from_the_next_working_day(day: int) -> None:
    assert REGULAR.add(bogota(2026, 3, day, 10, 0), 60) == bogota(*TUESDAY, 10, 0)


def test_deadline_across_the_year_end_skips_new_year() -> None:
    # Thu 31 Dec 2026 16:00: 1 h; Fri 1 Jan Año Nuevo; weekend; Mon 4 Jan 2027 09:00 + 1 h
    start = bogota(2026, 12, 31, 16, 0)
    assert REGULAR.add(start, 2 * 60) == bogota(2027, 1, 4, 10, 0)
    assert REGULAR.between(start, bogota(2027, 1, 4, 10, 0)) == dt.timedelta(hours=2)


# --- zero durations ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "start",
    [
        bogota(2026, 3, 21, 3, 0),  # Saturday night
        bogota(2026, 3, 23, 10, 0),  # a holiday
        bogota(*TUESDAY, 13, 30, 0, 250_000),  # the break, with microseconds
        bogota(*TUESDAY, 10, 0),  # open
        dt.datetime(2026, 3, 24, 18, 45, tzinfo=UTC),  # another zone
    ],
)
def test_adding_nothing_keeps_the_start_even_when_closed(start: dt.datetime) -> None:
    for nothing in (0, dt.timedelta(0)):
        kept = REGULAR.add(start, nothing)
        assert kept == start
        assert kept.tzinfo == BOGOTA


# --- explain -----------------------------------------------------------------------------------
def test_explain_names_the_holiday_in_spanish_and_lists_the_breaks() -> None:
    why = REGULAR.explain(bogota(2026, 3, 20, 16, 30), 24 * 60)
    assert why.deadline == bogota(2026, 3, 27, 11, 30)
    assert why.counted_from == why.start
    assert not why.started_outside_hours
    san_jose = ClosedDay(dt.date(2026, 3, 23), "holiday", "Día de San José (trasladado)")
    assert san_jose in why.closed_days
    assert why.breaks == tuple(
        (bogota(2026, 3, day, 13, 0), bogota(2026, 3, day, 14, 0)) for day in (24, 25, 26)
    )


def test_explain_a_deadline_at_the_break_lists_no_break() -> None:
    why = REGULAR.explain(bogota(*TUESDAY, 9, 0), 4 * 60)
    assert (why.deadline, why.breaks, why.closed_days) == (bogota(*TUESDAY, 13, 0), (), ())


def test_explain_a_start_outside_hours_says_where_counting_began() -> None:
    why = REGULAR.explain(bogota(2026, 3, 21, 10, 0), 60)
    assert why.started_outside_hours
    assert why.counted_from == bogota(*TUESDAY, 9, 0)
    assert [d.kind for d in why.closed_days] == ["day_off", "day_off", "holiday"]


def test_explain_names_the_vendors_own_closed_day() -> None:
    cal = BusinessCalendar(
        "America/Bogota",
        hours(range(5), ("09:00", "13:00"), ("14:00", "17:00")),
        closed_dates={dt.date(*TUESDAY): "Inventario"},
    )
    why = cal.explain(bogota(2026, 3, 20, 16, 30), 60)
    assert why.deadline == bogota(2026, 3, 25, 9, 30)
    assert why.closed_days[-1] == ClosedDay(dt.date(*TUESDAY), "closed", "Inventario")


def test_explain_on_a_24x7_calendar_lists_no_breaks_at_midnight() -> None:
    why = ALWAYS.explain(bogota(2026, 3, 20, 16, 30), 3 * 24 * 60)
    assert why.deadline == bogota(2026, 3, 23, 16, 30)
    assert why.breaks == ()
    assert why.closed_days == ()


# --- is_open and next_open: intervals are [start, end) ------------------------------------------
@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (bogota(*TUESDAY, 8, 59, 59, 999_999), False),
        (bogota(*TUESDAY, 9, 0), True),
        (bogota(*TUESDAY, 12, 59, 59, 999_999), True),
        (bogota(*TUESDAY, 13, 0), False),
        (bogota(*TUESDAY, 13, 59, 59), False),
        (bogota(*TUESDAY, 14, 0), True),
        (bogota(*TUESDAY, 16, 59, 59), True),
        (bogota(*TUESDAY, 17, 0), False),
        (bogota(2026, 3, 23, 10, 0), False),  # San José
        (bogota(2026, 3, 21, 10, 0), False),  # Saturday
        (dt.datetime(2026, 3, 24, 14, 0, tzinfo=UTC), True),  # 09:00 in Bogotá
    ],
)
def test_is_open_at_interval_edges(moment: dt.datetime, is_open: bool) -> None:
    assert REGULAR.is_open(moment) is is_open


@pytest.mark.parametrize(
    ("moment", "opening"),
    [
        (bogota(*TUESDAY, 10, 0, 0, 5), bogota(*TUESDAY, 10, 0, 0, 5)),  # open: itself
        (bogota(*TUESDAY, 13, 0), bogota(*TUESDAY, 14, 0)),
        (bogota(*TUESDAY, 13, 59, 59, 999_999), bogota(*TUESDAY, 14, 0)),
        (bogota(*TUESDAY, 8, 0), bogota(*TUESDAY, 9, 0)),
        (bogota(2026, 3, 20, 17, 0), bogota(*TUESDAY, 9, 0)),  # weekend and San José
    ],
)
def test_next_open(moment: dt.datetime, opening: dt.datetime) -> None:
    assert REGULAR.next_open(moment) == opening


def test_between_counts_half_open_ranges() -> None:
    assert REGULAR.between(bogota(*TUESDAY, 9, 0), bogota(*TUESDAY, 9, 0)) == dt.timedelta(0)
    assert REGULAR.between(bogota(*TUESDAY, 12, 0), bogota(*TUESDAY, 14, 30)) == dt.timedelta(
        hours=1, minutes=30
    )
    assert REGULAR.between(bogota(2026, 3, 20, 16, 30), bogota(*TUESDAY, 9, 30)) == dt.timedelta(
        hours=1
    )


# --- microseconds ------------------------------------------------------------------------------
def test_microsecond_starts_are_exact() -> None:
    start = bogota(*TUESDAY, 9, 0, 0, 250_000)
    assert REGULAR.add(start, 60) == bogota(*TUESDAY, 10, 0, 0, 250_000)
    # half a second before the break: the rest of the second is counted after 14:00
    start = bogota(*TUESDAY, 12, 59, 59, 500_000)
    assert REGULAR.add(start, dt.timedelta(seconds=1)) == bogota(*TUESDAY, 14, 0, 0, 500_000)
    assert REGULAR.between(start, bogota(*TUESDAY, 14, 0, 0, 500_000)) == dt.timedelta(seconds=1)


def test_microseconds_of_a_closed_start_are_not_counted() -> None:
    assert REGULAR.add(bogota(*TUESDAY, 13, 30, 0, 999_999), 1) == bogota(*TUESDAY, 14, 1)
    assert REGULAR.add(bogota(*TUESDAY, 9, 0), dt.timedelta(microseconds=1)) == bogota(
        *TUESDAY, 9, 0, 0, 1
    )


# --- daylight saving in America/Santiago -------------------------------------------------------
def test_santiago_wall_times_that_never_happen_are_not_worked() -> None:
    """6 Sep 2026: Sunday 00:00-00:20 never happens; 00:30-02:00 is worked from 01:00 -03."""
    sat_night = santiago(2026, 9, 5, 23, 45)
    assert NIGHTS.between(santiago(2026, 9, 5, 12, 0), santiago(2026, 9, 6, 12, 0)) == (
        dt.timedelta(hours=1, minutes=30) + dt.timedelta(minutes=15) + dt.timedelta(hours=1)
    )
    assert NIGHTS.add(sat_night, 15) == santiago(2026, 9, 6, 1, 0)  # = Saturday 24:00 -04
    assert NIGHTS.add(sat_night, 16) == santiago(2026, 9, 6, 1, 1)
    assert NIGHTS.is_open(santiago(2026, 9, 6, 1, 25))  # the clock reads 01:25, inside 00:30-02:00
    assert NIGHTS.next_open(santiago(2026, 9, 5, 23, 30)) == santiago(2026, 9, 5, 23, 45)


def test_santiago_repeated_hour_is_worked_on_both_passes() -> None:
    """4 Apr 2027: Saturday 23:00-24:00 happens twice; 22:00-23:30 is worked 1.5 h on the first
    pass and 30 min on the second, 23:45-24:00 15 min on each."""
    first_pass = santiago(2027, 4, 3, 23, 15)
    second_pass = santiago(2027, 4, 3, 23, 15, fold=1)
    assert utc(second_pass) - utc(first_pass) == dt.timedelta(hours=1)
    assert NIGHTS.is_open(first_pass) and NIGHTS.is_open(second_pass)
    assert not NIGHTS.is_open(santiago(2027, 4, 3, 23, 40, fold=1))

    evening, sunday = santiago(2027, 4, 3, 21, 0), santiago(2027, 4, 4, 0, 0)
    assert NIGHTS.between(evening, sunday) == dt.timedelta(hours=2, minutes=30)

    # 22:00-23:30 and 23:45-24:00 at -03 (105 min), then 5 min from 23:00 again, at -04
    deadline = NIGHTS.add(santiago(2027, 4, 3, 22, 0), 110)
    assert utc(deadline) == utc(santiago(2027, 4, 3, 23, 5, fold=1))
    assert deadline.utcoffset() == dt.timedelta(hours=-4)

    opening = NIGHTS.next_open(santiago(2027, 4, 3, 23, 31, fold=1))
    assert utc(opening) == utc(santiago(2027, 4, 3, 23, 45, fold=1))


def test_santiago_daytime_hours_ignore_the_change() -> None:
    cal = BusinessCalendar("America/Santiago", hours(range(5), ("09:00", "18:00")), "CL")
    # Fri 4 Sep 2026 17:00 + 2 h: 1 h on Friday, then Monday 7 Sep 09:00 (now at -03) + 1 h
    deadline = cal.add(santiago(2026, 9, 4, 17, 0), 120)
    assert deadline == santiago(2026, 9, 7, 10, 0)
    assert deadline.utcoffset() == dt.timedelta(hours=-3)
    assert cal.between(santiago(2026, 9, 4, 17, 0), deadline) == dt.timedelta(hours=2)
