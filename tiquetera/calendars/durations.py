"""Business durations as people write them ("90", "90m", "24h", "1h30m") and as people read
them ("3 días hábiles (24 h)")."""

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .engine import parse_interval

_DURATION = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m?)?$")


class DurationError(ValueError):
    """Not a duration; the message says how to write one."""


def parse_minutes(text: str) -> int:
    """'90', '90m', '24h' or '1h30m' -> whole minutes."""
    match = _DURATION.match(text.strip().lower())
    if not text.strip() or match is None:
        raise DurationError(
            _("“%(value)s” is not a duration: write minutes (90) or hours (24h, 1h30m).")
            % {"value": text}
        )
    return int(match["h"] or 0) * 60 + int(match["m"] or 0)


def hours_text(minutes: int) -> str:
    """90 -> "1 h 30 min", 1440 -> "24 h", 45 -> "45 min"."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
    if hours:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(minutes)s min") % {"minutes": rest}


def business_text(minutes: int, day_minutes: int | None) -> str:
    """Business minutes in days of the calendar's working day, with the hours they make:
    1440 with 8-hour days -> "3 días hábiles (24 h)", 1560 -> "3 días hábiles y 2 h (26 h)";
    under a day (or without a working day to count in) only the hours: "4 h", "1 h 30 min"."""
    if not day_minutes or minutes < day_minutes:
        return hours_text(minutes)
    days, rest = divmod(int(minutes), day_minutes)
    in_days = ngettext("%(count)s business day", "%(count)s business days", days) % {"count": days}
    if rest:
        in_days = _("%(days)s and %(rest)s") % {"days": in_days, "rest": hours_text(rest)}
    return _("%(in_days)s (%(hours)s)") % {"in_days": in_days, "hours": hours_text(minutes)}


def working_day_minutes(week: Mapping[str, Sequence[str]]) -> int | None:
    """The usual working day of a calendar's week ({"0": ["09:00-13:00", "14:00-18:00"]…}):
    the most common length of its open days, in minutes (ties: the longer); None when closed."""
    lengths = Counter(
        sum(end - start for start, end in map(parse_interval, hours)) // 60
        for hours in week.values()
        if hours
    )
    if not lengths:
        return None
    return max(lengths, key=lambda length: (lengths[length], length))
