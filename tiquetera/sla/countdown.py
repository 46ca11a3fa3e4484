"""How much business time an SLA clock has left now, for the case page and the queue.

The browser cannot count business time (holidays, breaks, the calendar's zone), so the server
says how much is left and until when business time passes at the wall clock's rate (the
calendar is open now): the page refreshes the numbers every minute (htmx) and, in between,
`core/countdown.js` ticks only inside that steady stretch.
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import cast

import numpy as np
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tiquetera.calendars.durations import business_text
from tiquetera.calendars.engine import BusinessCalendar, CalendarError
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import cached_engine, engine_for
from tiquetera.core.queries import PreparedIn

from .models import Clock


@dataclass(frozen=True)
class Countdown:
    due_at: dt.datetime
    left: dt.timedelta  # business time until due (zero once due)
    late: dt.timedelta  # business time past due (zero before)
    steady_for: dt.timedelta  # from now, how long business time runs 1:1 (zero when closed)
    day_minutes: int | None  # the calendar's working day, to say long spans in days

    @property
    def overdue(self) -> bool:
        return self.late > dt.timedelta(0) or self.left <= dt.timedelta(0)


def countdown(clock: Clock, now: dt.datetime) -> Countdown | None:
    """`clock`'s business time left (or late) at `now`; None unless it is running with a due
    time (a paused clock does not count down)."""
    if clock.state != Clock.State.RUNNING or clock.due_at is None:
        return None
    try:
        engine = engine_for(clock.calendar)
        due = clock.due_at
        left = engine.between(now, due) if now < due else dt.timedelta(0)
        late = engine.between(due, now) if now > due else dt.timedelta(0)
        until = engine.open_until(now)
    except CalendarError:
        return None  # a calendar that never opens: the stored due time still shows
    steady = dt.timedelta(0)
    if until is not None:  # open now: left shrinks (or late grows) 1:1 until it closes or is due
        steady = max((min(until, due) if left else until) - now, dt.timedelta(0))
    return Countdown(due, left, late, steady, clock.calendar.day_minutes)


# The running clocks of a page's cases, compiled once per connection and number of cases.
_CLOCKS = PreparedIn(
    lambda *case_ids: (
        Clock.objects.filter(case_id__in=case_ids, state=Clock.State.RUNNING)
        .exclude(due_at=None)
        .order_by("case_id", "due_at")
        .values_list("case_id", "due_at", "calendar_id", "calendar__revision")
    )
)


def countdowns_for(case_ids: Iterable[int], now: dt.datetime) -> dict[int, Countdown]:
    """Each case's nearest running clock's countdown, as `countdown` says it (the queue): one
    query for the clocks (their columns only, no models), then each calendar's clocks in one
    batch of the engine (`between_many`) and one `open_until`, as `now` is the same for all."""
    by_calendar: dict[tuple[int, uuid.UUID], list[dt.datetime]] = defaultdict(list)
    rows = cast(list[tuple[int, dt.datetime, int, uuid.UUID]], _CLOCKS.all(ids=list(case_ids)))
    for _case_id, due_at, calendar_id, revision in rows:
        by_calendar[calendar_id, revision].append(due_at)
    shown: dict[tuple[int, dt.datetime], Countdown | None] = {}
    for (calendar_id, revision), dues in by_calendar.items():
        for due, one in zip(dues, _batch(calendar_id, revision, dues, now), strict=True):
            shown[calendar_id, due] = one
    found: dict[int, Countdown] = {}
    for case_id, due_at, calendar_id, _revision in rows:  # the nearest clock that counts
        if case_id not in found and (one := shown[calendar_id, due_at]) is not None:
            found[case_id] = one
    return found


def _batch(
    calendar_id: int, revision: uuid.UUID, dues: list[dt.datetime], now: dt.datetime
) -> list[Countdown | None]:
    """`countdown` for clocks of one calendar due at `dues`, all at `now`."""
    try:
        engine, day_minutes = _calendar(calendar_id, revision)
        stamp = now.timestamp()
        stamps = np.array([due.timestamp() for due in dues], dtype=np.float64)
        # business seconds between now and each due time, whichever comes first
        seconds = engine.between_many(np.minimum(stamps, stamp), np.maximum(stamps, stamp))
        until = engine.open_until(now)
    except CalendarError:
        return [None] * len(dues)  # the calendar never opens (or a date out of its range)
    found: list[Countdown | None] = []
    zero = dt.timedelta(0)
    for due, worked in zip(dues, seconds.tolist(), strict=True):
        span = dt.timedelta(microseconds=round(worked * 1_000_000))  # exact: see the test
        left = span if now < due else zero
        late = span if now > due else zero
        steady = zero
        if until is not None:  # open now: as in `countdown`
            steady = max((min(until, due) if left else until) - now, zero)
        found.append(Countdown(due, left, late, steady, day_minutes))
    return found


# Each calendar's working day in minutes, with the revision it was read at (as the engines are).
_days: dict[int, tuple[uuid.UUID, int | None]] = {}


def _calendar(calendar_id: int, revision: uuid.UUID) -> tuple[BusinessCalendar, int | None]:
    """The calendar's engine and working day; its row is read only when its revision is new."""
    engine = cached_engine(calendar_id, revision)
    day = _days.get(calendar_id)
    if engine is None or day is None or day[0] != revision:
        calendar = Calendar.objects.get(pk=calendar_id)
        engine = engine_for(calendar)
        day = _days[calendar_id] = (calendar.revision, calendar.day_minutes)
    return engine, day[1]


def span_text(seconds: int, day_minutes: int | None, *, rounded: bool = False) -> str:
    """ "2 h 05 min", "42 min 10 s"; a span of a working day or more in business days and
    hours ("3 días hábiles y 2 h (26 h)"), or `rounded` to whole business days for a list
    ("3 días hábiles"). core/countdown.js writes the short forms the same way."""
    seconds = max(seconds, 0)
    if day_minutes and seconds >= day_minutes * 60:
        if rounded:
            days = seconds // (day_minutes * 60)
            return ngettext("%(count)s business day", "%(count)s business days", days) % {
                "count": days
            }
        return business_text(seconds // 60, day_minutes)
    hours, rest = divmod(seconds, 3600)
    if hours:
        return f"{hours} h {rest // 60:02d} min"
    return f"{rest // 60} min {rest % 60:02d} s"


def countdown_html(shown: Countdown | None, *, rounded: bool = False) -> SafeString | str:
    """ "in 2 h 05 min" / "2 h 05 min late", the number in a span core/countdown.js may tick
    (data-steady: seconds it may count; data-day: from how many seconds the server's words
    stay). `rounded` (the queue): a span of a working day or more in whole business days, the
    exact one in its tooltip."""
    if shown is None:
        return ""
    late = shown.overdue
    seconds = int((shown.late if late else shown.left).total_seconds())
    text = escape(span_text(seconds, shown.day_minutes, rounded=rounded))
    exact = escape(span_text(seconds, shown.day_minutes))
    title = f' title="{exact}"' if exact != text else ""
    direction = "up" if late else "down"
    # an f-string, not format_html (the queue writes one a row): the words escaped, the rest numbers
    number = SafeString(
        f'<span class="countdown-value" data-countdown="{seconds}" data-direction="{direction}"'
        f' data-steady="{int(shown.steady_for.total_seconds())}"'
        f' data-day="{(shown.day_minutes or 0) * 60}"{title}>{text}</span>'
    )
    sentence = _("%(late)s late") if late else _("in %(left)s")
    return format_html(sentence.replace("%(late)s", "{0}").replace("%(left)s", "{0}"), number)
