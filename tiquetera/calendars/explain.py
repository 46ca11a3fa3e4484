"""The engine's explanation in the user's words: "why is this due on Tuesday?"."""

import datetime as dt
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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


def explain_text(explanation: Explanation) -> ExplainedDeadline:
    reasons: list[str] = []
    if explanation.started_outside_hours:
        reasons.append(
            _("it arrived outside working hours, so it counts from %(when)s")
            % {"when": _when(explanation.counted_from)}
        )
    reasons.extend(_day(day) for day in explanation.closed_days)
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
