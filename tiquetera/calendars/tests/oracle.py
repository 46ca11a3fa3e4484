"""A slow, obviously-correct business-time oracle, written without the engine's internals.

Definition it implements, word for word: an instant is *working* when its local wall-clock reading
(date D, time x) has x inside one of D's working intervals [a, b). D's intervals are the vendor's
open-date hours if D is an open date, none if D is a closed date or a national holiday, else the
weekday's hours. Then

- ``between(a, b)`` is the measure of working instants in [a, b);
- ``add(start, d)`` is the earliest t >= start with ``between(start, t) == d``.

Everything is integer microseconds since the epoch, so the answers are exact. Days are walked one
by one; each day's wall intervals are turned into UTC segments by splitting the day's window at
the zone's offset changes, found by sampling the offset hourly and bisecting to the second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import holidays

UTC = dt.UTC
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
US = 1_000_000
HOUR_US = 3600 * US
DAY_US = 86_400 * US
MAX_OFFSET_US = 16 * HOUR_US  # no zone is further than this from UTC
SEARCH_DAYS = 366 * 100

Segment = tuple[int, int]  # [start, end) in epoch microseconds
WallHours = Sequence[tuple[str, str]]


def to_us(moment: dt.datetime) -> int:
    """An aware datetime -> exact epoch microseconds."""
    assert moment.tzinfo is not None
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def from_us(us: int, tz: dt.tzinfo) -> dt.datetime:
    return (EPOCH + dt.timedelta(microseconds=us)).astimezone(tz)


def wall_seconds(text: str) -> int:
    """'HH:MM' or 'HH:MM:SS' (up to '24:00') -> seconds since local midnight."""
    parts = [int(p) for p in text.split(":")]
    hours, minutes, seconds = [*parts, 0, 0][:3]
    return hours * 3600 + minutes * 60 + seconds


class Oracle:
    """Same constructor arguments as the engine's calendar (times as strings)."""

    def __init__(
        self,
        timezone: str,
        week: Mapping[int, WallHours],
        country: str | None = "CO",
        subdivision: str | None = None,
        closed_dates: Iterable[dt.date] | Mapping[dt.date, str] = (),
        open_dates: Iterable[dt.date] | Mapping[dt.date, WallHours] = (),
    ) -> None:
        self.tz = ZoneInfo(timezone)
        self.week = dict(week)
        self.country = country
        self.subdivision = subdivision
        self.closed = set(closed_dates)
        if isinstance(open_dates, Mapping):
            self.open: dict[dt.date, WallHours] = dict(open_dates)
        else:
            self.open = {day: self.week[day.weekday()] for day in open_dates}
        self._day_cache: dict[dt.date, list[Segment]] = {}

    # --- which wall intervals a local date has ---------------------------------------------------
    def is_holiday(self, day: dt.date) -> bool:
        if self.country is None:
            return False
        return day in _holidays(self.country, self.subdivision, day.year)

    def wall_hours(self, day: dt.date) -> WallHours:
        if day in self.open:
            return self.open[day]
        if day in self.closed or self.is_holiday(day):
            return ()
        return self.week.get(day.weekday(), ())

    # --- wall intervals -> UTC segments ----------------------------------------------------------
    def offset_us(self, us: int) -> int:
        offset = from_us(us, self.tz).utcoffset()
        assert offset is not None
        return offset // dt.timedelta(microseconds=1)

    def constant_offset_pieces(self, lo: int, hi: int) -> list[tuple[int, int, int]]:
        """[lo, hi) cut into (start, end, utc offset) pieces where the offset does not change."""
        cuts = [lo]
        t = lo
        while t < hi:
            nxt = min(t + HOUR_US, hi)
            if self.offset_us(t) != self.offset_us(nxt):
                a, b = t, nxt  # offset(a) is the old one, offset(b) the new one
                while b - a > US:
                    mid = a + (b - a) // 2 // US * US
                    if self.offset_us(mid) == self.offset_us(a):
                        a = mid
                    else:
                        b = mid
                cuts.append(b)
            t = nxt
        cuts.append(hi)
        return [(a, b, self.offset_us(a)) for a, b in pairwise(cuts) if a < b]

    def day_segments(self, day: dt.date) -> list[Segment]:
        """UTC segments of the instants whose wall reading is on `day` inside its hours."""
        if day in self._day_cache:
            return self._day_cache[day]
        segments: list[Segment] = []
        hours = self.wall_hours(day)
        if hours:
            # wall midnight of `day` read as if it were UTC; an instant u reads as u + offset(u)
            midnight = to_us(dt.datetime(day.year, day.month, day.day, tzinfo=UTC))
            pieces = self.constant_offset_pieces(
                midnight - MAX_OFFSET_US, midnight + DAY_US + MAX_OFFSET_US
            )
            for start_text, end_text in hours:
                wall_a = midnight + wall_seconds(start_text) * US
                wall_b = midnight + wall_seconds(end_text) * US
                for lo, hi, offset in pieces:
                    a, b = max(lo, wall_a - offset), min(hi, wall_b - offset)
                    if a < b:
                        segments.append((a, b))
        self._day_cache[day] = segments
        return segments

    def segments_from(self, us: int) -> Iterator[Segment]:
        """Working segments (merged, in order) that end after `us`, walking day by day."""
        first_day = from_us(us, UTC).date() - dt.timedelta(days=2)
        pending: list[Segment] = []
        day = first_day
        for _ in range(SEARCH_DAYS // 7):
            for _ in range(7):
                pending.extend(self.day_segments(day))
                day += dt.timedelta(days=1)
            # segments of days not walked yet all start after this instant
            horizon = to_us(dt.datetime(day.year, day.month, day.day, tzinfo=UTC)) - MAX_OFFSET_US
            pending.sort()
            merged: list[Segment] = []
            for a, b in pending:
                if merged and a <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], b))
                else:
                    merged.append((a, b))
            pending = []
            for a, b in merged:  # what lies before the horizon is final: hand it out
                if a < horizon and min(b, horizon) > us:
                    yield (a, min(b, horizon))
                if b > horizon:
                    pending.append((max(a, horizon), b))
        raise RuntimeError("oracle: no working time within a century")

    # --- the questions ---------------------------------------------------------------------------
    def between_us(self, a: int, b: int) -> int:
        total = 0
        for lo, hi in self.segments_from(a):
            if lo >= b:
                break
            total += max(0, min(hi, b) - max(lo, a))
        return total

    def add_us(self, start: int, duration: int) -> int:
        if duration == 0:
            return start
        remaining = duration
        for lo, hi in self.segments_from(start):
            counted_from = max(lo, start)
            if remaining <= hi - counted_from:
                return counted_from + remaining
            remaining -= hi - counted_from
        raise AssertionError("unreachable")

    def between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        return dt.timedelta(microseconds=self.between_us(to_us(a), to_us(b)))

    def add(self, start: dt.datetime, duration: dt.timedelta | int) -> dt.datetime:
        if isinstance(duration, int):
            duration = dt.timedelta(minutes=duration)
        total = self.add_us(to_us(start), duration // dt.timedelta(microseconds=1))
        return from_us(total, self.tz)

    def is_open(self, moment: dt.datetime) -> bool:
        us = to_us(moment)
        return any(lo <= us < hi for lo, hi in self.day_segments_around(us))

    def day_segments_around(self, us: int) -> list[Segment]:
        day = from_us(us, UTC).date()
        return [s for d in range(-2, 3) for s in self.day_segments(day + dt.timedelta(days=d))]


@cache
def _holidays(country: str, subdivision: str | None, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdivision, years=year, language="es")
