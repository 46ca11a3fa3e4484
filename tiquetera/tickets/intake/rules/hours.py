"""When the case arrives: out of the support hours, served per event or refused."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tiquetera.calendars.services import engine_for
from tiquetera.policy.sections import intake as spec

from ...statuses import Status
from .base import PASS, Draft, Verdict, flag, reject
from .channel import channel_label
from .standing import plan_named


def out_of_hours(draft: Draft, params: spec.OutOfHoursRule) -> Verdict:
    """Seed 000 (ISYS): support "en horario extra-laboral (fuera de cobertura del servicio
    estándar)" is a per-event service that "genera[n] sus respectivos cobros adicionales"; seed
    004 (Soho): "Los fines de semana y festivos: Solo se atenderán requerimientos vía llamada
    telefónica y para solicitudes de soporte prioritario". A case received while the calendar is
    closed is always flagged; what else happens is the policy's (see `OutOfHoursRule`)."""
    calendar = draft.reads.calendar(draft.organization.policy_id, params.calendar)
    if calendar is None:
        return PASS
    engine = engine_for(calendar)
    if engine.is_open(draft.now):
        return PASS
    opens = _moment_text(engine.next_open(draft.now))
    received = draft.now.astimezone(engine.tz)
    attended = bool(params.severities or params.channels) and (
        (not params.severities or draft.severity_code in params.severities)
        and (not params.channels or draft.request.channel in params.channels)
    )
    applies = params.on == "closed_hours" or engine.closed_reason(received.date()) is not None
    if attended or not applies or params.otherwise == "accept":
        return flag(
            "out_of_hours",
            _("Received out of service hours (%(calendar)s); service opens again on %(opens)s.")
            % {"calendar": calendar.name, "opens": opens},
        )
    if params.otherwise == "per_event":
        draft.flags.append("billable_per_event")
        draft.per_event_plan = draft.per_event_plan or plan_named(draft, params.plan)
        draft.per_event_reason = draft.per_event_reason or "out_of_hours"
        return flag(
            "out_of_hours",
            _(
                "Received outside the coverage of %(calendar)s: it is attended as a per-event "
                "service, billed apart. Service in hours opens again on %(opens)s."
            )
            % {"calendar": calendar.name, "opens": opens},
        )
    if params.severities or params.channels:
        closed = _("This case arrived out of service hours, when we only attend %(which)s.") % {
            "which": _attended_out_of_hours(params)
        }
    else:
        closed = _("This case arrived out of service hours.")
    return reject(
        Status.REJECTED,
        "out_of_hours",
        closed
        + " "
        + _("Service opens again on %(opens)s: please open the case again then.")
        % {"opens": opens},
    )


def _moment_text(moment: dt.datetime) -> str:
    """'Monday July 27, 2026 at 08:00' in the active language (the requester's)."""
    return _("%(weekday)s %(date)s at %(time)s") % {
        "weekday": date_format(moment, "l"),
        "date": date_format(moment, pgettext("date format", "F j, Y")),
        "time": f"{moment:%H:%M}",
    }


def _attended_out_of_hours(params: spec.OutOfHoursRule) -> str:
    """'cases of severity ALTA received by phone', from the rule's lists."""
    which = _("cases")
    if params.severities:
        which += " " + _("of severity %(codes)s") % {
            "codes": get_text_list(list(params.severities), _("or"))
        }
    if params.channels:
        which += " " + _("received by %(channels)s") % {
            "channels": get_text_list([channel_label(c) for c in params.channels], _("or"))
        }
    return which
