"""Property tests: the engine's add/between/is_open/next_open agree with the slow oracle on the
vendors' calendars (and a few odd ones), and keep their invariants.

Pure engine tests: no database. Starts fall at any second of 2025-2027, with extra weight on
year ends, daylight-saving changes and the calendars' own closed and open dates.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiquetera.calendars.engine import BusinessCalendar
from tiquetera.calendars.tests.oracle import Oracle, to_us

MON_FRI = range(5)


def hours(weekdays: range, *intervals: tuple[str, str]) -> dict[int, tuple[tuple[str, str], ...]]:
    """The same working intervals on each of `weekdays` (Monday 0)."""
    return dict.fromkeys(weekdays, intervals)


SPLIT = (("09:00", "13:00"), ("14:00", "17:00"))

CALENDARS: dict[str, dict[str, Any]] = {
    # 002 JQ Systems: regular and extended (urgencies) calendars
    "jq_regular": {"week": hours(MON_FRI, *SPLIT)},
    "jq_extended": {"week": hours(range(6), ("08:00", "20:00"))},
    # 001 CustomSoft, Mexico: split shift with a two-hour lunch
    "customsoft": {
        "timezone": "America/Mexico_City",
        "country": "MX",
        "week": hours(MON_FRI, ("09:00", "13:00"), ("15:00", "18:00")),
    },
    # 004 Soho Apps: continuous day
    "soho": {"week": hours(MON_FRI, ("08:00", "18:00"))},
    "always": {"country": None, "week": hours(range(7), ("00:00", "24:00"))},
    # Chile moves its clocks at midnight: hours around it, with ends inside the gap and the fold
    "santiago_nights": {
        "timezone": "America/Santiago",
        "country": "CL",
        "week": {
            **hours(range(4), ("08:00", "18:00")),
            4: [("08:00", "13:00"), ("20:00", "24:00")],
            5: [("09:00", "12:00"), ("22:00", "23:30"), ("23:45", "24:00")],
            6: [("00:00", "00:20"), ("00:30", "02:00"), ("10:00", "11:00")],
        },
    },
    # Europe moves its clocks at 02:00/03:00: a night shift across the change
    "madrid_nights": {
        "timezone": "Europe/Madrid",
        "country": "ES",
        "week": {
            0: [("09:00", "14:00")],
            5: [("00:00", "24:00")],
            6: [("01:30", "02:15"), ("02:30", "03:30"), ("09:00", "10:00")],
        },
    },
    # many short shifts a day: the batch forms fall back from day buckets to binary search
    "hourly_slots": {
        "week": hours(MON_FRI, *((f"{h:02d}:00", f"{h:02d}:45") for h in range(8, 18))),
    },
    # the vendor's own closed days (named) and worked holidays (with the weekday's hours)
    "jq_closed_and_open": {
        "week": hours(MON_FRI, *SPLIT),
        "closed_dates": {
            dt.date(2025, 12, 24): "Cierre de fin de año",
            dt.date(2025, 12, 31): "Cierre de fin de año",
            dt.date(2026, 3, 24): "Inventario",
            dt.date(2027, 1, 4): "Vacaciones colectivas",
        },
        "open_dates": [dt.date(2026, 3, 23), dt.date(2026, 12, 8), dt.date(2027, 1, 11)],
    },
    # closed days as a plain list; open dates with their own hours (a Saturday, a Sunday
    # holiday, and a weekday made closed by giving it no hours)
    "soho_overrides": {
        "week": hours(MON_FRI, ("08:00", "18:00")),
        "closed_dates": [dt.date(2026, 4, 1), dt.date(2026, 12, 31)],
        "open_dates": {
            dt.date(2026, 3, 21): [("10:00", "14:00")],
            dt.date(2026, 12, 25): [("08:00", "12:00"), ("12:30", "13:00")],
            dt.date(2026, 6, 10): [],
        },
    },
}


@cache
def engine(name: str) -> BusinessCalendar:
    return BusinessCalendar(**CALENDARS[name])


@cache
def oracle(name: str) -> Oracle:
    spec = {"timezone": "America/Bogota", "country": "CO", **CALENDARS[name]}
    return Oracle(**spec)


FIRST = int(dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp())
LAST = int(dt.datetime(2028, 1, 1, tzinfo=dt.UTC).timestamp())
HOUR = 3600
DAY = 86_400


@cache
def landmarks(name: str) -> tuple[int, ...]:
    """Instants worth starting near: year ends, offset changes, the calendar's own dates."""
    tz = engine(name).tz
    points = [int(dt.datetime(y, 1, 1, tzinfo=tz).timestamp()) for y in (2025, 2026, 2027, 2028)]
    t = FIRST
    while t < LAST:  # offset changes, to the hour
        if (
            dt.datetime.fromtimestamp(t, tz).utcoffset()
            != dt.datetime.fromtimestamp(t + 6 * HOUR, tz).utcoffset()
        ):
            points.extend(range(t, t + 7 * HOUR, HOUR))
        t += 6 * HOUR
    spec = CALENDARS[name]
    for day in [*spec.get("closed_dates", ()), *spec.get("open_dates", ())]:
        points.append(int(dt.datetime(day.year, day.month, day.day, tzinfo=tz).timestamp()))
    return tuple(points)


@cache
def starts(name: str, microseconds: bool = True) -> st.SearchStrategy[dt.datetime]:
    """Aware starts at any second of 2025-2027 (sometimes with microseconds), in the
    calendar's zone or another one."""
    anywhere = st.integers(FIRST, LAST)
    near = st.sampled_from(landmarks(name)).flatmap(lambda p: st.integers(p - 3 * DAY, p + 3 * DAY))
    zones = st.sampled_from([engine(name).tz, dt.UTC, dt.timezone(dt.timedelta(hours=-5))])
    micro = st.integers(0, 999_999) if microseconds else st.just(0)
    return st.builds(
        lambda epoch, tz, us: dt.datetime.fromtimestamp(epoch, tz).replace(microsecond=us),
        st.one_of(anywhere, near),
        zones,
        st.one_of(st.just(0), micro),
    )


# up to a few hundred hours: as whole minutes (int) or a timedelta of whole seconds
durations = st.one_of(
    st.integers(0, 300 * 60),
    st.integers(0, 300 * HOUR).map(lambda s: dt.timedelta(seconds=s)),
    st.integers(0, 120).map(lambda s: dt.timedelta(seconds=s)),
)


def as_timedelta(duration: dt.timedelta | int) -> dt.timedelta:
    return dt.timedelta(minutes=duration) if isinstance(duration, int) else duration


def utc(moment: dt.datetime) -> dt.datetime:
    """Compare and shift instants in UTC: within one zone Python compares and adds wall times,
    ignoring the fold, so 23:10 before and after the clocks go back would look equal."""
    return moment.astimezone(dt.UTC)


fast = settings(
    max_examples=30,
    deadline=None,  # the first example of each calendar compiles its timeline
    suppress_health_check=[HealthCheck.too_slow],
)
names = pytest.mark.parametrize("name", list(CALENDARS))


@names
@fast
@given(data=st.data())
def test_add_equals_oracle(name: str, data: st.DataObject) -> None:
    start = data.draw(starts(name))
    duration = data.draw(durations)
    deadline = engine(name).add(start, duration)
    assert to_us(deadline) == to_us(oracle(name).add(start, duration))
    assert deadline.tzinfo == engine(name).tz


@names
@fast
@given(data=st.data())
def test_between_equals_oracle(name: str, data: st.DataObject) -> None:
    a = data.draw(starts(name))
    b = utc(a) + dt.timedelta(seconds=data.draw(st.integers(0, 40 * DAY)))
    assert engine(name).between(a, b) == oracle(name).between(a, b)


@names
@fast
@given(data=st.data())
def test_is_open_and_next_open_equal_oracle(name: str, data: st.DataObject) -> None:
    moment = data.draw(starts(name))
    truth = oracle(name)
    assert engine(name).is_open(moment) == truth.is_open(moment)
    first_lo, _ = next(truth.segments_from(to_us(moment)))
    assert to_us(engine(name).next_open(moment)) == max(first_lo, to_us(moment))


@names
@fast
@given(data=st.data())
def test_deadline_gives_back_the_duration_and_is_the_earliest(
    name: str, data: st.DataObject
) -> None:
    cal = engine(name)
    start = data.draw(starts(name))
    duration = as_timedelta(data.draw(durations))
    deadline = cal.add(start, duration)
    assert utc(deadline) >= utc(start)
    assert cal.between(start, deadline) == duration
    if duration:
        assert cal.between(start, utc(deadline) - dt.timedelta(seconds=1)) < duration
    else:
        assert utc(deadline) == utc(start)


@names
@fast
@given(data=st.data())
def test_add_and_between_are_monotonic(name: str, data: st.DataObject) -> None:
    cal = engine(name)
    s1 = data.draw(starts(name))
    s2 = utc(s1) + dt.timedelta(seconds=data.draw(st.integers(0, 10 * DAY)))
    d1, d2 = sorted(as_timedelta(data.draw(durations)) for _ in range(2))
    assert utc(cal.add(s1, d1)) <= utc(cal.add(s1, d2))
    assert utc(cal.add(s1, d1)) <= utc(cal.add(s2, d1))
    assert cal.between(s1, s1) == dt.timedelta(0)
    assert cal.between(s1, s2) <= cal.between(s1, s2 + d1)


@names
@fast
@given(data=st.data())
def test_batch_forms_equal_the_scalar_forms(name: str, data: st.DataObject) -> None:
    cal = engine(name)
    cases = data.draw(
        st.lists(
            st.tuples(starts(name, microseconds=False), durations, st.integers(-HOUR, 5 * DAY)),
            min_size=1,
            max_size=12,
        )
    )
    begins = [s for s, _, _ in cases]
    lengths = [as_timedelta(d) for _, d, _ in cases]
    deadlines = [cal.add(s, d) for s, d in zip(begins, lengths, strict=True)]

    epochs = np.array([s.timestamp() for s in begins])
    seconds = np.array([d.total_seconds() for d in lengths])
    assert cal.add_many(epochs, seconds).tolist() == [t.timestamp() for t in deadlines]

    # ends around the deadlines (never before their start)
    ends = np.array(
        [t.timestamp() + shift for t, (_, _, shift) in zip(deadlines, cases, strict=True)]
    )
    ends = np.maximum(ends, epochs)
    worked = [
        cal.between(s, dt.datetime.fromtimestamp(e, dt.UTC)).total_seconds()
        for s, e in zip(begins, ends.tolist(), strict=True)
    ]
    assert cal.between_many(epochs, ends).tolist() == worked
