"""Date arithmetic for billing and quota periods (pure Python, no Django).

Periods are half-open date ranges [starts, ends): `ends` is the first day no longer covered, so one
period's end is the next one's start. A period of N months is anchored on the contract's start
day: a contract starting on the 1st gets calendar months (Sisnova: "tickets expire at month end");
one starting on January 31 gets Jan 31 → Feb 28 → Mar 31, always counted from the anchor.
"""

import calendar
import datetime as dt
from zoneinfo import ZoneInfo


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def period_containing(anchor: dt.date, months: int, day: dt.date) -> tuple[dt.date, dt.date]:
    """The [starts, ends) period of `months` months, counted from `anchor`, that holds `day`."""
    if months <= 0:
        raise ValueError("a period lasts at least one month")
    if day < anchor:
        raise ValueError("the day comes before the anchor")
    elapsed = (day.year - anchor.year) * 12 + day.month - anchor.month
    index = elapsed // months
    while add_months(anchor, index * months) > day:
        index -= 1
    while add_months(anchor, (index + 1) * months) <= day:
        index += 1
    return add_months(anchor, index * months), add_months(anchor, (index + 1) * months)


def local_date(moment: dt.datetime | dt.date, time_zone: str) -> dt.date:
    """The calendar day `moment` falls on in `time_zone` (a date is taken as it is)."""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            raise ValueError("a moment needs its time zone")
        return moment.astimezone(ZoneInfo(time_zone)).date()
    return moment
