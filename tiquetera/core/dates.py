"""Dates and times as people read them, one style per context, in the active language (es-CO by
default):

- `short_*` for lists and tables: "7 dic 2026, 3:05 p. m.";
- `long_*` for a case's facts and for emails: "lunes 7 de diciembre de 2026, 3:05 p. m. (hora de
  Bogotá)";
- `zone_label` names a time zone by its city ("hora de Bogotá"), never "America/Bogota".

Every template reaches these through `{% load formats %}` (`|short_when`, `|long_when`, …) so a
page, an email and a CSV cell never disagree. Times are shown in the active time zone (the
`{% timezone %}` a page sets, or the one given).
"""

import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

# The cities our clients' zones are in, in the reader's language; others read as the zone's last
# part ("America/Guatemala" -> "Guatemala").
CITIES: "dict[str, StrPromise]" = {
    "America/Bogota": pgettext_lazy("city", "Bogotá"),
    "America/Mexico_City": pgettext_lazy("city", "Mexico City"),
    "America/Lima": pgettext_lazy("city", "Lima"),
    "America/Guayaquil": pgettext_lazy("city", "Guayaquil"),
    "America/Panama": pgettext_lazy("city", "Panama"),
    "America/Caracas": pgettext_lazy("city", "Caracas"),
    "America/Santiago": pgettext_lazy("city", "Santiago"),
    "America/Argentina/Buenos_Aires": pgettext_lazy("city", "Buenos Aires"),
    "America/Sao_Paulo": pgettext_lazy("city", "São Paulo"),
    "America/New_York": pgettext_lazy("city", "New York"),
    "America/Costa_Rica": pgettext_lazy("city", "Costa Rica"),
    "Europe/Madrid": pgettext_lazy("city", "Madrid"),
}

Moment = dt.datetime | dt.date


def zone_label(zone: str | dt.tzinfo | None) -> str:
    """ "hora de Bogotá" for "America/Bogota"; "UTC" stays "UTC"."""
    name = str(getattr(zone, "key", zone) or "")
    if not name:
        return ""
    if name in ("UTC", "Etc/UTC"):
        return "UTC"
    city = CITIES.get(name) or name.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(city)s time") % {"city": city}


def clock(moment: dt.datetime | dt.time) -> str:
    """ "3:05 p. m." (12-hour with the language's a.m./p.m.)."""
    hour = moment.hour % 12 or 12
    meridiem = (
        pgettext("time of day", "a.m.") if moment.hour < 12 else pgettext("time of day", "p.m.")
    )
    return f"{hour}:{moment.minute:02d} {meridiem}"


def _local(moment: dt.datetime, zone: str | ZoneInfo | None) -> dt.datetime:
    if timezone.is_naive(moment):
        return moment
    tz = ZoneInfo(zone) if isinstance(zone, str) and zone else zone
    return timezone.localtime(moment, tz if isinstance(tz, ZoneInfo) else None)


def time_of_day(moment: dt.datetime | dt.time) -> str:
    """ "3:05 p. m." of a stored moment in the active time zone (`clock` takes a local one: the
    dashboard's breaches read UTC's "9:36 p. m." for Bogotá's 4:36 p. m.)."""
    return clock(_local(moment, None) if isinstance(moment, dt.datetime) else moment)


def short_date(day: Moment | None) -> str:
    """ "7 dic 2026"."""
    if day is None or day == "":
        return ""
    if isinstance(day, dt.datetime):
        day = _local(day, None)
    return formats.date_format(day, pgettext("short date", "M j, Y"))


def long_date(day: Moment | None) -> str:
    """ "lunes 7 de diciembre de 2026"."""
    if day is None or day == "":
        return ""
    if isinstance(day, dt.datetime):
        day = _local(day, None)
    return formats.date_format(day, pgettext("date format", "l, F j, Y"))


def short_datetime(moment: dt.datetime | None, zone: str | ZoneInfo | None = None) -> str:
    """ "7 dic 2026, 3:05 p. m." in `zone` (default: the active time zone)."""
    if not isinstance(moment, dt.datetime):
        return short_date(moment)
    local = _local(moment, zone)
    return _("%(date)s, %(time)s") % {"date": short_date(local), "time": clock(local)}


def long_datetime(moment: dt.datetime | None, zone: str | ZoneInfo | None = None) -> str:
    """ "lunes 7 de diciembre de 2026, 3:05 p. m. (hora de Bogotá)" in `zone` (default: the
    active time zone)."""
    if not isinstance(moment, dt.datetime):
        return long_date(moment)
    local = _local(moment, zone)
    text = _("%(date)s, %(time)s") % {"date": long_date(local), "time": clock(local)}
    label = zone_label(local.tzinfo if timezone.is_aware(local) else None)
    return f"{text} ({label})" if label else text
