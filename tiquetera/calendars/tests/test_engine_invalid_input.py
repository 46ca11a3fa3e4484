"""Bad input to the engine: every case is a CalendarError with a code the edge can translate,
raised quickly (never a hang, never a bare TypeError or AttributeError).

Pure engine tests: no database.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from tiquetera.calendars.engine import BusinessCalendar, CalendarError

BOGOTA = ZoneInfo("America/Bogota")
WEEK = {day: [("09:00", "13:00"), ("14:00", "17:00")] for day in range(5)}
REGULAR = BusinessCalendar("America/Bogota", WEEK)
TUESDAY_10 = dt.datetime(2026, 3, 24, 10, 0, tzinfo=BOGOTA)
HANG_GUARD = 20.0  # seconds: proves "never a hang", not a performance target (see make bench)


def fails_with(code: str, call: Callable[[], Any]) -> CalendarError:
    began = time.perf_counter()
    with pytest.raises(CalendarError) as raised:
        call()
    assert raised.value.code == code, str(raised.value)
    assert time.perf_counter() - began < HANG_GUARD
    return raised.value


# --- building a calendar -----------------------------------------------------------------------
@pytest.mark.parametrize("zone", ["Mars/Olympus", "Bogota", "", "../etc/passwd", None])
def test_unknown_time_zone(zone: Any) -> None:
    fails_with("unknown_timezone", lambda: BusinessCalendar(zone, WEEK))


@pytest.mark.parametrize(
    ("country", "subdivision"), [("XX", None), ("Neverland", None), ("CO", "ZZ")]
)
def test_unknown_country_or_subdivision(country: str, subdivision: str | None) -> None:
    fails_with(
        "unknown_country",
        lambda: BusinessCalendar("America/Bogota", WEEK, country=country, subdivision=subdivision),
    )


@pytest.mark.parametrize(
    "text", ["9:00", "25:00", "24:30", "09:60", "09:00:61", "nine", "09h00", "", "09:00:00:00"]
)
def test_bad_time_strings(text: str) -> None:
    error = fails_with("invalid_time", lambda: BusinessCalendar(week={0: [(text, "23:00")]}))
    assert error.params["value"] == text


@pytest.mark.parametrize(
    "interval",
    [
        ("13:00", "09:00"),  # reversed
        ("09:00", "09:00"),  # empty
        ("09:00", "13:00", "17:00"),  # not a pair
        ("09:00",),
        "09:00",  # a string that is not 'start-end'
        "09:00-13:00-17:00",
        None,
    ],
)
def test_reversed_empty_or_malformed_intervals(interval: Any) -> None:
    fails_with("invalid_interval", lambda: BusinessCalendar(week={0: [interval]}))


def test_overlapping_intervals() -> None:
    error = fails_with(
        "overlapping_intervals",
        lambda: BusinessCalendar(week={2: [("14:00", "17:00"), ("09:00", "14:30")]}),
    )
    assert error.params["where"] == "weekday 2"


def test_overlapping_hours_of_an_open_date() -> None:
    fails_with(
        "overlapping_intervals",
        lambda: BusinessCalendar(
            week=WEEK, open_dates={dt.date(2026, 3, 21): [("08:00", "12:00"), ("11:00", "13:00")]}
        ),
    )


@pytest.mark.parametrize("weekday", [7, -1, "0", "lunes"])
def test_weekday_out_of_range(weekday: Any) -> None:
    fails_with("invalid_weekday", lambda: BusinessCalendar(week={weekday: [("09:00", "13:00")]}))


@pytest.mark.parametrize(
    "spec",
    [
        {"week": {}},
        {"week": None},
        {"week": {0: [], 6: []}},
        {"week": {}, "open_dates": {dt.date(2026, 3, 21): []}},
    ],
)
def test_a_calendar_with_no_working_time_at_all(spec: dict[str, Any]) -> None:
    fails_with("no_working_time", lambda: BusinessCalendar(**spec))


def test_an_open_date_needs_hours_when_its_weekday_has_none() -> None:
    fails_with(
        "open_date_without_hours",
        lambda: BusinessCalendar(week=WEEK, open_dates=[dt.date(2026, 3, 21)]),  # a Saturday
    )


# --- questions ---------------------------------------------------------------------------------
@pytest.mark.parametrize("minutes", [-1, -24 * 60, dt.timedelta(seconds=-1), dt.timedelta(-1)])
def test_negative_durations(minutes: Any) -> None:
    fails_with("negative_duration", lambda: REGULAR.add(TUESDAY_10, minutes))
    fails_with("negative_duration", lambda: REGULAR.explain(TUESDAY_10, minutes))


def test_negative_durations_in_a_batch() -> None:
    fails_with(
        "negative_duration",
        lambda: REGULAR.add_many(np.array([TUESDAY_10.timestamp()] * 2), np.array([60.0, -1.0])),
    )


@pytest.mark.parametrize("minutes", [1.5, 60.0, "60", None, True, np.int64(60), [60]])
def test_durations_must_be_whole_minutes_or_a_timedelta(minutes: Any) -> None:
    fails_with("invalid_duration", lambda: REGULAR.add(TUESDAY_10, minutes))


NAIVE = dt.datetime(2026, 3, 24, 10, 0)


@pytest.mark.parametrize(
    "question",
    [
        lambda: REGULAR.add(NAIVE, 60),
        lambda: REGULAR.add(NAIVE, 0),
        lambda: REGULAR.add(NAIVE, dt.timedelta(hours=1)),
        lambda: REGULAR.between(NAIVE, TUESDAY_10),
        lambda: REGULAR.between(TUESDAY_10, NAIVE.replace(hour=11)),
        lambda: REGULAR.is_open(NAIVE),
        lambda: REGULAR.next_open(NAIVE),
        lambda: REGULAR.explain(NAIVE, 60),
    ],
)
def test_naive_datetimes(question: Callable[[], Any]) -> None:
    fails_with("naive_datetime", question)


@pytest.mark.parametrize("value", ["2026-03-24T10:00", dt.date(2026, 3, 24), None, 1774364400])
def test_non_datetime_input(value: Any) -> None:
    fails_with("invalid_datetime", lambda: REGULAR.add(value, 60))
    fails_with("invalid_datetime", lambda: REGULAR.add(value, 0))
    fails_with("invalid_datetime", lambda: REGULAR.between(TUESDAY_10, value))
    fails_with("invalid_datetime", lambda: REGULAR.is_open(value))
    fails_with("invalid_datetime", lambda: REGULAR.next_open(value))


def test_a_range_that_ends_before_it_starts() -> None:
    fails_with("reversed_range", lambda: REGULAR.between(TUESDAY_10, TUESDAY_10 - dt.timedelta(1)))
    fails_with("reversed_range", lambda: REGULAR.between_many([2.0e9], [1.0e9]))


@pytest.mark.parametrize("year", [1, 1899, 9999])
def test_years_the_engine_cannot_compute(year: int) -> None:
    fails_with("out_of_range", lambda: REGULAR.add(dt.datetime(year, 6, 1, tzinfo=BOGOTA), 60))


# --- calendars that (almost) never open --------------------------------------------------------
ONE_DAY_ONLY = BusinessCalendar(
    "America/Bogota", week={}, open_dates={dt.date(2026, 3, 2): [("09:00", "10:00")]}
)
AFTER_IT = dt.datetime(2026, 3, 3, 9, 0, tzinfo=BOGOTA)


def test_a_calendar_open_on_one_date_still_answers_before_it() -> None:
    before = dt.datetime(2026, 3, 1, 12, 0, tzinfo=BOGOTA)
    assert ONE_DAY_ONLY.add(before, 30) == dt.datetime(2026, 3, 2, 9, 30, tzinfo=BOGOTA)
    assert ONE_DAY_ONLY.between(before, AFTER_IT) == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "question",
    [
        lambda: ONE_DAY_ONLY.add(AFTER_IT, 30),
        lambda: ONE_DAY_ONLY.add(AFTER_IT - dt.timedelta(days=2), 61),  # more than it ever has
        lambda: ONE_DAY_ONLY.next_open(AFTER_IT),
        lambda: ONE_DAY_ONLY.explain(AFTER_IT, 30),
        lambda: ONE_DAY_ONLY.add_many(np.array([AFTER_IT.timestamp()]), np.array([60.0])),
    ],
)
def test_a_calendar_closed_after_its_only_open_date_gives_up_quickly(
    question: Callable[[], Any],
) -> None:
    fails_with("no_working_time", question)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"week": {0: None}}, "invalid_interval"),
        ({"week": {0: "09:00-13:00"}}, "invalid_interval"),
        ({"week": WEEK, "country": 5}, "unknown_country"),
        ({"week": WEEK, "open_dates": ["2026-12-24"]}, "invalid_date"),
        ({"week": WEEK, "open_dates": {"2026-12-24": ["09:00-12:00"]}}, "invalid_date"),
    ],
)
def test_wrongly_typed_arguments_get_a_clear_error(kwargs: dict[str, Any], code: str) -> None:
    fails_with(code, lambda: BusinessCalendar(**kwargs))
