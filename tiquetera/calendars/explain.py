"""The engine's explanation in the user's words: "why is this due on Tuesday?"."""

import datetime as dt
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from tiquetera.core.dates import clock

from .engine import ClosedDay, Explanation


@dataclass(frozen=True)
class ExplainedDeadline:
    deadline: dt.datetime
    summary: str  # one sentence: when it is due
    reasons: list[str]  # one line per thing that pushed it later


def _when(moment: dt.datetime) -> str:
    return _("%(date)s at %(time)s") % {
        "date": formats.date_format(moment, pgettext("date format", "l, F j, Y")),
        "time": clock(moment),
    }


def _day(day: ClosedDay) -> str:
    when = formats.date_format(day.date, pgettext("date format", "l, F j"))
    if day.kind == "holiday":
        return _("%(day)s is a holiday: %(name)s") % {"day": when, "name": day.name}
    if day.kind == "closed":
        if day.name:
            return _("%(day)s is closed: %(name)s") % {"day": when, "name": day.name}
        return _("%(day)s is closed") % {"day": when}
    return _("%(day)s is not a working day") % {"day": when}


# Up to this many days off in a row of reasons are named one by one; more are counted in one line
# ("16 non-working days do not count: Saturdays and Sundays"), so that a month-long deadline
# reads as a few lines. Holidays and closed days are always named: they are the surprises.
NAMED_DAYS_OFF = 2
WEEKDAYS_PLURAL = (
    pgettext_lazy("weekdays", "Mondays"),
    pgettext_lazy("weekdays", "Tuesdays"),
    pgettext_lazy("weekdays", "Wednesdays"),
    pgettext_lazy("weekdays", "Thursdays"),
    pgettext_lazy("weekdays", "Fridays"),
    pgettext_lazy("weekdays", "Saturdays"),
    pgettext_lazy("weekdays", "Sundays"),
)


def _days_off(days: list[ClosedDay]) -> list[str]:
    if len(days) <= NAMED_DAYS_OFF:
        return [_day(day) for day in days]
    names = [str(WEEKDAYS_PLURAL[weekday]) for weekday in sorted({d.date.weekday() for d in days})]
    return [
        ngettext(
            "%(count)s non-working day does not count: %(weekdays)s",
            "%(count)s non-working days do not count: %(weekdays)s",
            len(days),
        )
        % {"count": len(days), "weekdays": _join(names)}
    ]


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def explain_text(explanation: Explanation) -> ExplainedDeadline:
    reasons: list[str] = []
    if explanation.started_outside_hours:
        reasons.append(
            _("it arrived outside working hours, so it counts from %(when)s")
            % {"when": _when(explanation.counted_from)}
        )
    days_off = [day for day in explanation.closed_days if day.kind == "day_off"]
    reasons.extend(_day(day) for day in explanation.closed_days if day.kind != "day_off")
    reasons.extend(_days_off(days_off))
    if explanation.breaks:
        first_start, first_end = explanation.breaks[0]
        reasons.append(
            ngettext(
                "the break %(start)s–%(end)s does not count",
                "%(count)s breaks do not count, such as %(start)s–%(end)s",
                len(explanation.breaks),
            )
            % {
                "count": len(explanation.breaks),
                "start": first_start.strftime("%H:%M"),
                "end": first_end.strftime("%H:%M"),
            }
        )
    return ExplainedDeadline(
        deadline=explanation.deadline,
        summary=_("Due %(when)s") % {"when": _when(explanation.deadline)},
        reasons=reasons,
    )
