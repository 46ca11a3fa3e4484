"""The business-time engine: the one place where working time is computed.

A calendar (time zone, working intervals per weekday in local wall time, national holidays from
the `holidays` package, the vendor's own closed and extra open dates) is compiled into a sorted
timeline of working intervals in epoch seconds with cumulative working seconds, and every question
is answered by binary search on it:

- ``between(a, b)``: working time in ``[a, b)``;
- ``add(start, d)``: the earliest instant ``t >= start`` with ``between(start, t) == d`` — so a
  start outside working hours counts from the next opening, ``add(t, 0) == t``, and 4 working
  hours from 09:00 on a 09–13/14–17 day is 13:00, not 14:00;
- ``is_open(t)``, ``next_open(t)``, and ``explain(start, d)`` (which closed days and breaks a
  deadline skipped, with holiday names in Spanish).

The timeline covers a window of years and grows lazily when a question falls outside it, so any
date the `holidays` package knows works. Pure Python and NumPy: no Django here.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib
import numpy as np
import numpy.typing as npt

__all__ = [
    "BusinessCalendar",
    "CalendarError",
    "ClosedDay",
    "Explanation",
    "parse_interval",
]

DAY = 86_400
_SECOND = dt.timedelta(seconds=1)
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_US = 1_000_000
_YEARS_AHEAD = 3  # compiled past the year of a question, so most deadlines need no growth
_SEARCH_HORIZON_YEARS = 60  # a deadline further than this means the calendar is (nearly) closed
_MIN_YEAR, _MAX_YEAR = 1901, 9998
_MAX_JOINED_YEARS = 30  # a question further from the covered years gets a window of its own

TimeLike = str | dt.time
IntervalLike = tuple[TimeLike, TimeLike]
Week = Mapping[int, Sequence[IntervalLike | str]]  # str: '09:00-13:00'
DateHours = Mapping[dt.date, Sequence[IntervalLike | str]]
ClosedKind = Literal["holiday", "closed", "day_off"]


class CalendarError(ValueError):
    """Bad input to the engine. ``code`` names the problem for translated messages at the edge."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class ClosedDay:
    """A local date with no working time, and why."""

    date: dt.date
    kind: ClosedKind
    name: str = ""


@dataclass(frozen=True)
class Explanation:
    """Why a deadline falls where it does."""

    start: dt.datetime
    duration: dt.timedelta
    counted_from: dt.datetime  # `start`, or the next opening when `start` was outside hours
    deadline: dt.datetime
    closed_days: tuple[ClosedDay, ...]  # whole local days skipped, first to last
    breaks: tuple[tuple[dt.datetime, dt.datetime], ...]  # gaps inside working days skipped

    @property
    def started_outside_hours(self) -> bool:
        return self.counted_from != self.start


def _parse_time(value: TimeLike) -> int:
    """'09:30' or '09:30:15' or a `datetime.time` -> seconds since local midnight; '24:00' ok."""
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    parts = str(value).strip().split(":")
    try:
        if len(parts) not in (2, 3) or not all(p.isdigit() and len(p) == 2 for p in parts):
            raise ValueError
        h, m, s = (int(p) for p in [*parts, "00"][:3])
    except ValueError:
        raise CalendarError(
            "invalid_time", f"{value!r} is not a time of day like '09:00'", value=value
        ) from None
    seconds = h * 3600 + m * 60 + s
    if m > 59 or s > 59 or seconds > DAY:
        raise CalendarError("invalid_time", f"{value!r} is not a time of day", value=value)
    return seconds


def parse_interval(interval: IntervalLike | str) -> tuple[int, int]:
    """('09:00', '13:00') or '09:00-13:00' -> (32400, 46800) seconds since local midnight."""
    if isinstance(interval, str):
        pieces = interval.split("-")
        if len(pieces) != 2:
            raise CalendarError(
                "invalid_interval",
                f"{interval!r} is not an interval like '09:00-13:00'",
                value=interval,
            )
        interval = (pieces[0], pieces[1])
    try:
        start_time, end_time = interval
    except (TypeError, ValueError):
        raise CalendarError(
            "invalid_interval",
            f"{interval!r} is not an interval like ('09:00', '13:00')",
            value=repr(interval),
        ) from None
    start, end = _parse_time(start_time), _parse_time(end_time)
    if not start < end:
        raise CalendarError(
            "invalid_interval",
            f"interval {interval!r} must start before it ends",
            value=f"{interval[0]}-{interval[1]}",
        )
    return start, end


def _parse_day(intervals: Iterable[IntervalLike | str], where: str) -> tuple[tuple[int, int], ...]:
    if isinstance(intervals, str) or not isinstance(intervals, Iterable):
        raise CalendarError(
            "invalid_interval",
            f"the hours of {where} must be a list of intervals, not {intervals!r}",
            value=repr(intervals),
        )
    parsed = sorted(parse_interval(i) for i in intervals)
    for (_, end), (start, _) in pairwise(parsed):
        if start < end:
            raise CalendarError(
                "overlapping_intervals", f"working intervals overlap on {where}", where=where
            )
    return tuple(parsed)


class _Timeline:
    """Working intervals of the covered years, as parallel lists in epoch seconds.

    ``cum[i]`` is the working time before interval i (len n + 1, ``cum[n]`` the total) and
    ``cum_end[i] == cum[i + 1]``. Replaced whole when it grows, so readers never see it half-built.
    """

    __slots__ = (
        "arrays",
        "cum",
        "cum_end",
        "ends",
        "first_year",
        "hi",
        "last_year",
        "lo",
        "local_starts",
        "starts",
    )

    def __init__(self, first_year: int, last_year: int, lo: int, hi: int) -> None:
        self.first_year, self.last_year, self.lo, self.hi = first_year, last_year, lo, hi
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum: list[int] = [0]
        self.cum_end: list[int] = []
        # each start as a local datetime, so a deadline is `local + offset` (wall arithmetic);
        # None where the interval spans an offset change and only epoch arithmetic is right
        self.local_starts: list[dt.datetime | None] = []
        self.arrays: _Batch | None = None

    def append(self, start: int, end: int) -> None:
        if self.ends and start <= self.ends[-1]:  # a midnight-to-midnight join, or a DST squeeze
            start = self.ends[-1]
            if end <= start:
                return
        self.starts.append(start)
        self.ends.append(end)
        self.cum_end.append(self.cum[-1] + end - start)
        self.cum.append(self.cum_end[-1])

    def localize(self, tz: ZoneInfo) -> None:
        for start, end in zip(self.starts, self.ends, strict=True):
            local = dt.datetime.fromtimestamp(start, tz)
            same = local.utcoffset() == dt.datetime.fromtimestamp(end, tz).utcoffset()
            self.local_starts.append(local if same and not local.fold else None)

    def numpy(self) -> _Batch:
        if self.arrays is None:
            self.arrays = _Batch(self)
        return self.arrays


class _Batch:
    """The timeline as NumPy arrays, for the batch forms.

    For `worked_before`, the intervals sit behind a sentinel interval of length 0 at -inf, so
    every instant has an interval at or before it; that interval is found through day-sized
    buckets (the last interval starting before each bucket, then a step or two forward), which
    is twice as fast as a binary search over the whole year range.
    """

    _MAX_STEPS = 4  # more intervals starting within one day: plain binary search instead

    def __init__(self, tl: _Timeline) -> None:
        starts = np.asarray(tl.starts, dtype=np.float64)
        self.starts = starts
        self.cum = np.asarray(tl.cum, dtype=np.float64)
        self.cum_end = np.asarray(tl.cum_end, dtype=np.float64)
        big = np.iinfo(np.int64)
        self.whole = np.concatenate(([big.min], np.asarray(tl.starts, np.int64), [big.max]))
        self.from_ = np.concatenate(([-np.inf], starts))
        self.lengths = np.concatenate(([0.0], np.asarray(tl.ends, dtype=np.float64) - starts))
        self.before = np.concatenate(([0.0], self.cum[:-1]))
        self.origin = tl.lo
        days = np.arange((tl.hi - tl.lo) // DAY + 2, dtype=np.int64)
        self.first = np.searchsorted(self.whole[:-1], tl.lo + days * DAY, side="right") - 1
        self.steps = int(np.diff(self.first).max()) if days.size > 1 else 0

    def index(self, t: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
        """The (sentinel-shifted) index of the last interval starting at or before each t
        (all t within the covered years)."""
        whole = np.floor(t).astype(np.int64)  # starts are whole seconds: start <= t iff <= floor
        if self.steps > self._MAX_STEPS:
            found: npt.NDArray[np.int64] = np.searchsorted(self.whole[:-1], whole, side="right") - 1
            return found
        i: npt.NDArray[np.int64] = self.first[(whole - self.origin) // DAY]
        for _ in range(self.steps):
            i += self.whole[i + 1] <= whole
        return i

    def worked_before(self, t: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Working seconds before each instant: the interval at or before it, clipped."""
        i = self.index(t)
        worked: npt.NDArray[np.float64] = self.before[i] + np.minimum(
            t - self.from_[i], self.lengths[i]
        )
        return worked


class BusinessCalendar:
    """A working calendar; see the module docstring for the exact semantics.

    ``week`` maps ``datetime.weekday()`` numbers (Monday 0) to intervals in local wall time, such
    as ``[("09:00", "13:00"), ("14:00", "17:00")]`` ('24:00' ends a day). ``closed_dates`` are the
    vendor's own closed days (a sequence of dates, or a mapping date -> name); ``open_dates`` are
    extra working days (a sequence of dates, worked with that weekday's hours even on a holiday,
    or a mapping date -> intervals). A holiday closes the whole local day.
    """

    def __init__(
        self,
        timezone: str = "America/Bogota",
        week: Week | None = None,
        country: str | None = "CO",
        subdivision: str | None = None,
        closed_dates: Iterable[dt.date] | Mapping[dt.date, str] = (),
        open_dates: Iterable[dt.date] | DateHours = (),
    ) -> None:
        try:
            self.tz = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):  # TypeError: not a name at all
            raise CalendarError(
                "unknown_timezone", f"unknown time zone {timezone!r}", value=timezone
            ) from None
        self.timezone = timezone
        self.week: dict[int, tuple[tuple[int, int], ...]] = {}
        for weekday, intervals in (week or {}).items():
            if weekday not in range(7):
                raise CalendarError(
                    "invalid_weekday",
                    f"weekday {weekday!r} is not 0 (Monday) to 6 (Sunday)",
                    value=weekday,
                )
            if parsed := _parse_day(intervals, f"weekday {weekday}"):
                self.week[weekday] = parsed
        if not isinstance(country or "", str) or not isinstance(subdivision or "", str):
            raise CalendarError(
                "unknown_country", f"no holidays known for country {country!r}", value=country
            )
        self.country = country or None
        self.subdivision = subdivision or None
        self._holidays: holidays_lib.HolidayBase | None = None
        if self.country:
            try:
                self._holidays = holidays_lib.country_holidays(
                    self.country, subdiv=self.subdivision, language="es"
                )
            except NotImplementedError:
                raise CalendarError(
                    "unknown_country",
                    f"no holidays known for country {self.country!r}"
                    + (f" and subdivision {self.subdivision!r}" if self.subdivision else ""),
                    value=self.country,
                ) from None
        self.closed_dates: dict[dt.date, str] = (
            dict(closed_dates)
            if isinstance(closed_dates, Mapping)
            else dict.fromkeys(closed_dates, "")
        )
        self.open_dates: dict[dt.date, tuple[tuple[int, int], ...]] = {}
        for day in open_dates:
            if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
                raise CalendarError(
                    "invalid_date", f"{day!r} is not a date like 2026-12-24", value=str(day)
                )
        if isinstance(open_dates, Mapping):
            for day, intervals in open_dates.items():
                self.open_dates[day] = _parse_day(intervals, day.isoformat())
        else:
            for day in open_dates:
                if day.weekday() not in self.week:
                    raise CalendarError(
                        "open_date_without_hours",
                        f"{day.isoformat()} has no regular hours on its weekday: give its hours",
                        value=day.isoformat(),
                    )
                self.open_dates[day] = self.week[day.weekday()]
        if not self.week and not any(self.open_dates.values()):
            raise CalendarError("no_working_time", "the calendar has no working time at all")
        self._lock = threading.Lock()
        self._timeline = _Timeline(0, -1, 0, 0)

    def __repr__(self) -> str:
        return f"<BusinessCalendar {self.timezone} {self.country or '-'} {self.week}>"

    # --- what a local date is ------------------------------------------------------------------
    def holiday_name(self, day: dt.date) -> str:
        """The national holiday's name in Spanish, or ''. A holiday that the law moves to a
        Monday is "(trasladado)", as Colombians say it, not the library's "(observado)"."""
        if self._holidays is None:
            return ""
        name = self._holidays.get(day) or ""
        return name.replace("(observado)", "(trasladado)")

    def closed_reason(self, day: dt.date) -> ClosedDay | None:
        """Why `day` has no working time, or None when it has some."""
        if day in self.open_dates:
            return None if self.open_dates[day] else ClosedDay(day, "closed")
        if day in self.closed_dates:
            return ClosedDay(day, "closed", self.closed_dates[day])
        if name := self.holiday_name(day):
            return ClosedDay(day, "holiday", name)
        if day.weekday() not in self.week:
            return ClosedDay(day, "day_off")
        return None

    def hours_on(self, day: dt.date) -> tuple[tuple[int, int], ...]:
        """The working intervals of a local date, in seconds since local midnight."""
        if day in self.open_dates:
            return self.open_dates[day]
        if self.closed_reason(day) is not None:
            return ()
        return self.week[day.weekday()]

    # --- the timeline ---------------------------------------------------------------------------
    def _local_epoch(self, day: dt.date, seconds: int, fold: int = 0) -> int:
        if seconds == DAY:
            day, seconds = day + dt.timedelta(days=1), 0
        h, rest = divmod(seconds, 3600)
        local = dt.datetime(
            day.year, day.month, day.day, h, rest // 60, rest % 60, tzinfo=self.tz, fold=fold
        )
        return int(local.timestamp())

    def _utc_offset(self, epoch: int) -> int:
        offset = dt.datetime.fromtimestamp(epoch, self.tz).utcoffset()
        return int(offset.total_seconds()) if offset is not None else 0

    def _wall_spans(self, day: dt.date, a: int, b: int) -> list[tuple[int, int]]:
        """Epoch spans of the instants whose local wall reading on `day` lies in [a, b).

        One span unless an end falls in a daylight-saving gap (a wall time that never happens:
        the span starts or ends at the change) or fold (one that happens twice: both passes).
        """
        start, start_1 = self._local_epoch(day, a), self._local_epoch(day, a, fold=1)
        end, end_1 = self._local_epoch(day, b), self._local_epoch(day, b, fold=1)
        if start == start_1 and end == end_1:
            return [(start, end)]
        lo, hi = sorted((start, start_1) if start != start_1 else (end, end_1))
        while hi - lo > 1:  # the change lies between the two readings of the odd wall time
            mid = (lo + hi) // 2
            if self._utc_offset(mid) == self._utc_offset(hi):
                hi = mid
            else:
                lo = mid
        change, before, after = hi, self._utc_offset(hi - 1), self._utc_offset(hi)
        wall = (day.toordinal() - _EPOCH_ORDINAL) * DAY
        spans = [
            (wall + a - before, min(wall + b - before, change)),  # read before the change
            (max(wall + a - after, change), wall + b - after),  # read after it
        ]
        return [(x, y) for x, y in spans if x < y]

    def _compile(self, first_year: int, last_year: int) -> _Timeline:
        if self._holidays is not None:
            for year in range(first_year, last_year + 1):
                _ = dt.date(year, 1, 1) in self._holidays  # `holidays` fills a year on first look
        timeline = _Timeline(
            first_year,
            last_year,
            self._local_epoch(dt.date(first_year, 1, 1), 0),
            self._local_epoch(dt.date(last_year + 1, 1, 1), 0),
        )
        day = dt.date(first_year, 1, 1)
        end = dt.date(last_year + 1, 1, 1)
        one = dt.timedelta(days=1)
        while day < end:
            spans = [span for a, b in self.hours_on(day) for span in self._wall_spans(day, a, b)]
            for start, stop in sorted(spans):  # a fold can interleave two intervals' passes
                timeline.append(start, stop)
            day += one
        timeline.localize(self.tz)
        return timeline

    def _cover(self, first_year: int, last_year: int) -> _Timeline:
        """A timeline covering the given local years: the current one grown to include them, or,
        when they are far from it, a window of their own (one question about year 2990 must not
        compile the nine centuries in between)."""
        timeline = self._timeline
        if timeline.first_year <= first_year and last_year <= timeline.last_year:
            return timeline
        if first_year < _MIN_YEAR or last_year > _MAX_YEAR:
            raise CalendarError(
                "out_of_range", "the date is outside the years business time can be computed for"
            )
        with self._lock:
            timeline = self._timeline
            joined = min(first_year, timeline.first_year), max(last_year, timeline.last_year)
            if timeline.last_year >= timeline.first_year and (
                joined[1] - joined[0] <= max(_MAX_JOINED_YEARS, last_year - first_year)
            ):
                first_year, last_year = joined
            self._timeline = self._compile(first_year, last_year)
            return self._timeline

    def _cover_epoch(self, *epochs: float) -> _Timeline:
        years = [dt.datetime.fromtimestamp(e, self.tz).year for e in epochs]
        return self._cover(min(years) - 1, max(years) + _YEARS_AHEAD)

    # --- conversions ---------------------------------------------------------------------------
    @staticmethod
    def _epoch(moment: dt.datetime, name: str = "datetime") -> tuple[int, int]:
        """An aware datetime -> (whole epoch seconds, microseconds)."""
        if not isinstance(moment, dt.datetime):
            raise CalendarError(
                "invalid_datetime", f"{name} must be a datetime, not {type(moment).__name__}"
            )
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise CalendarError(
                "naive_datetime",
                f"{name} {moment.isoformat()} has no time zone; give an aware datetime",
                value=moment.isoformat(),
            )
        ts = moment.timestamp()
        seconds = int(ts)
        if seconds > ts:
            seconds -= 1
        return seconds, moment.microsecond

    def _moment(self, seconds: int, microseconds: int = 0) -> dt.datetime:
        moment = dt.datetime.fromtimestamp(seconds, self.tz)
        return moment.replace(microsecond=microseconds) if microseconds else moment

    @staticmethod
    def _duration(duration: dt.timedelta | int) -> tuple[int, int]:
        if type(duration) is int:
            seconds, micro = duration * 60, 0
        elif isinstance(duration, dt.timedelta):
            seconds, micro = duration.days * DAY + duration.seconds, duration.microseconds
        else:
            raise CalendarError(
                "invalid_duration",
                f"a duration is a timedelta or whole minutes, not {duration!r}",
                value=repr(duration),
            )
        if seconds < 0:
            raise CalendarError(
                "negative_duration", "a duration cannot be negative", value=str(duration)
            )
        return seconds, micro

    @staticmethod
    def _position(tl: _Timeline, seconds: int, micro: int) -> tuple[int, int, int]:
        """(interval index i, working seconds before the instant, its microseconds counted)."""
        i = bisect_right(tl.starts, seconds) - 1
        if i >= 0 and seconds < tl.ends[i]:
            return i, tl.cum[i] + seconds - tl.starts[i], micro
        return i, tl.cum[i + 1], 0

    # --- the public questions -------------------------------------------------------------------
    def add(self, start: dt.datetime, duration: dt.timedelta | int) -> dt.datetime:
        """The earliest instant t >= start with between(start, t) == duration, in this zone."""
        # The hot path of every SLA deadline: conversions and the lookup are inlined on purpose.
        if type(duration) is int and duration > 0:
            d_sec, d_us = duration * 60, 0
        else:
            d_sec, d_us = self._duration(duration)
            if not d_sec and not d_us:
                self._epoch(start, "start")  # validates
                return start.astimezone(self.tz)
        if type(start) is not dt.datetime or (tzinfo := start.tzinfo) is None:
            s, _ = self._epoch(start, "start")  # raises the clear error for naive or non-datetimes
        else:  # start.timestamp() costs three times this
            off = tzinfo.utcoffset(start)
            if off is None:
                raise CalendarError("naive_datetime", "start has no UTC offset")
            s = (
                (start.toordinal() - _EPOCH_ORDINAL) * DAY
                + start.hour * 3600
                + start.minute * 60
                + start.second
                - off.days * DAY
                - off.seconds
            )
        tl = self._timeline
        if not tl.lo <= s < tl.hi:
            tl = self._cover_epoch(s)
        starts = tl.starts
        i = bisect_right(starts, s) - 1
        if i >= 0 and s < tl.ends[i]:
            base, total_us = tl.cum[i] + s - starts[i], start.microsecond + d_us
        else:
            base, total_us = tl.cum[i + 1], d_us
        if total_us:
            target, rem = base + d_sec + total_us // _US, total_us % _US
            j = bisect_right(tl.cum_end, target)  # strictly past: a fraction remains
        else:
            target, rem = base + d_sec, 0
            j = bisect_left(tl.cum_end, target)
        if j == len(starts):
            return self._add_beyond(s, start.microsecond, d_sec, d_us)
        offset = target - tl.cum[j]
        local = tl.local_starts[j]
        if local is None:  # the interval spans a change of UTC offset (daylight saving)
            return self._moment(starts[j] + offset, rem)
        if rem:
            return local + dt.timedelta(0, offset, rem)
        return local + _SECOND * offset

    def _add_beyond(self, s: int, s_us: int, d_sec: int, d_us: int) -> dt.datetime:
        """`add` when the deadline lies past the compiled years: grow the timeline and retry."""
        tl = self._cover_epoch(s)
        while tl.last_year - dt.datetime.fromtimestamp(s, self.tz).year <= _SEARCH_HORIZON_YEARS:
            # doubling the covered years keeps a hopeless search to a few compilations
            grow = max(2 * _YEARS_AHEAD, tl.last_year - tl.first_year)
            tl = self._cover(tl.first_year, tl.last_year + grow)
            _, base, counted_us = self._position(tl, s, s_us)
            total_us = counted_us + d_us
            target, rem = base + d_sec + total_us // _US, total_us % _US
            j = (bisect_right if rem else bisect_left)(tl.cum_end, target)
            if j < len(tl.starts):
                return self._moment(tl.starts[j] + target - tl.cum[j], rem)
        raise CalendarError(
            "no_working_time",
            f"no working time found within {_SEARCH_HORIZON_YEARS} years of the start",
        )

    def between(self, a: dt.datetime, b: dt.datetime) -> dt.timedelta:
        """Working time in [a, b)."""
        sa, ua = self._epoch(a, "a")
        sb, ub = self._epoch(b, "b")
        if (sb, ub) < (sa, ua):
            raise CalendarError(
                "reversed_range", f"{b.isoformat()} is before {a.isoformat()}", value=b.isoformat()
            )
        tl = self._timeline
        if not (tl.lo <= sa < tl.hi and tl.lo <= sb < tl.hi):
            tl = self._cover_epoch(sa, sb)
        _, ca, ua = self._position(tl, sa, ua)
        _, cb, ub = self._position(tl, sb, ub)
        return dt.timedelta(seconds=cb - ca, microseconds=ub - ua)

    def is_open(self, moment: dt.datetime) -> bool:
        """Whether `moment` falls inside working time."""
        s, _ = self._epoch(moment, "moment")
        tl = self._timeline
        if not tl.lo <= s < tl.hi:
            tl = self._cover_epoch(s)
        i = bisect_right(tl.starts, s) - 1
        return i >= 0 and s < tl.ends[i]

    def open_until(self, moment: dt.datetime) -> dt.datetime | None:
        """When the working time `moment` falls in ends (touching intervals joined), in this
        zone; None when `moment` is outside working time. Until then business time passes at the
        rate of the wall clock (a countdown may tick in the browser)."""
        s, _ = self._epoch(moment, "moment")
        tl = self._timeline
        if not tl.lo <= s < tl.hi:
            tl = self._cover_epoch(s)
        i = bisect_right(tl.starts, s) - 1
        if i < 0 or s >= tl.ends[i]:
            return None
        while i + 1 < len(tl.starts) and tl.starts[i + 1] == tl.ends[i]:
            i += 1
        return self._moment(tl.ends[i])

    def next_open(self, moment: dt.datetime) -> dt.datetime:
        """`moment` itself when open, else the next opening, in this zone."""
        if self.is_open(moment):
            return moment.astimezone(self.tz)
        just_after = self.add(moment, dt.timedelta(microseconds=1)).astimezone(dt.UTC)
        # in UTC: wall-clock arithmetic would drop the fold of an opening in a repeated hour
        return (just_after - dt.timedelta(microseconds=1)).astimezone(self.tz)

    def explain(self, start: dt.datetime, duration: dt.timedelta | int) -> Explanation:
        """The deadline for `duration` from `start`, with the closed days and breaks it skipped."""
        deadline = self.add(start, duration)
        d_sec, d_us = self._duration(duration)
        counted_from = self.next_open(start) if d_sec or d_us else start.astimezone(self.tz)
        local_start = start.astimezone(self.tz)
        closed: list[ClosedDay] = []
        day = local_start.date()
        while day < deadline.date():
            if (reason := self.closed_reason(day)) is not None:
                closed.append(reason)
            day += dt.timedelta(days=1)
        breaks: list[tuple[dt.datetime, dt.datetime]] = []
        s, _ = self._epoch(counted_from)
        e, _ = self._epoch(deadline)
        tl = self._cover_epoch(s, e)
        i = bisect_right(tl.starts, s)
        while 0 < i < len(tl.starts) and tl.starts[i] < e:
            gap_start, gap_end = self._moment(tl.ends[i - 1]), self._moment(tl.starts[i])
            # overnight gaps are not breaks, nor the join of intervals that touch (24x7)
            if tl.ends[i - 1] < tl.starts[i] and gap_start.date() == gap_end.date():
                breaks.append((gap_start, gap_end))
            i += 1
        return Explanation(
            start=start,
            duration=dt.timedelta(seconds=d_sec, microseconds=d_us),
            counted_from=counted_from,
            deadline=deadline,
            closed_days=tuple(closed),
            breaks=tuple(breaks),
        )

    # --- batch forms for reports and sweeps ------------------------------------------------------
    def _arrays_covering(self, *epoch_arrays: npt.NDArray[np.float64]) -> _Timeline:
        lows = [float(a.min()) for a in epoch_arrays if a.size]
        highs = [float(a.max()) for a in epoch_arrays if a.size]
        tl = self._timeline
        if lows and not (tl.lo <= min(lows) and max(highs) < tl.hi):
            tl = self._cover_epoch(min(lows), max(highs))
        return tl

    def between_many(self, a: npt.ArrayLike, b: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Working seconds in [a, b) for arrays of epoch seconds (same answers as `between`)."""
        a_arr = np.asarray(a, dtype=np.float64)
        b_arr = np.asarray(b, dtype=np.float64)
        if np.any(b_arr < a_arr):
            raise CalendarError("reversed_range", "some end comes before its start")
        tl = self._arrays_covering(a_arr, b_arr)
        return self._cum_many(tl, b_arr) - self._cum_many(tl, a_arr)

    @staticmethod
    def _cum_many(tl: _Timeline, t: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return tl.numpy().worked_before(t)

    def add_many(self, starts: npt.ArrayLike, durations: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Deadlines as epoch seconds for arrays of epoch-second starts and durations in seconds
        (same answers as `add`)."""
        s = np.asarray(starts, dtype=np.float64)
        d = np.asarray(durations, dtype=np.float64)
        if np.any(d < 0):
            raise CalendarError("negative_duration", "a duration cannot be negative")
        s, d = np.broadcast_arrays(s, d)
        tl = self._arrays_covering(s)
        while True:
            target = self._cum_many(tl, s) + d
            if not target.size or target.max() <= tl.cum[-1]:
                break
            if tl.last_year - tl.first_year > _SEARCH_HORIZON_YEARS + 2 * _YEARS_AHEAD:
                raise CalendarError(
                    "no_working_time",
                    f"no working time found within {_SEARCH_HORIZON_YEARS} years of a start",
                )
            tl = self._cover(tl.first_year, tl.last_year + 2 * _YEARS_AHEAD)
        batch = tl.numpy()
        starts_a, cum, cum_end = batch.starts, batch.cum, batch.cum_end
        j = np.minimum(np.searchsorted(cum_end, target, side="left"), len(tl.starts) - 1)
        return np.where(d == 0, s, starts_a[j] + target - cum[j])
