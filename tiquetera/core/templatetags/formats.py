"""`{% load formats %}`: durations, phones and money as people read them in the active language.

- `{{ minutes|business_duration:calendar }}`: "3 días hábiles (24 h)" (days of the calendar's
  working day; without a calendar, hours only);
- `{{ contact.phone|phone }}`: a tel: link reading "310 6149927" (national format);
- dates, one style per context: `|short_when` in lists and tables ("7 dic 2026, 3:05 p. m."),
  `|long_when` on a case's facts and in emails ("lunes 7 de diciembre de 2026, 3:05 p. m. (hora
  de Bogotá)"), `|short_day`, `|long_day` for dates, `|zone_label` for a time zone.
"""

from typing import Any

import phonenumbers
from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tiquetera.calendars.durations import business_text
from tiquetera.core import dates
from tiquetera.directory.validation import national_phone
from tiquetera.sla.countdown import countdown_html

register = template.Library()


@register.filter
def business_duration(minutes: int | None, calendar: Any = None) -> str:
    """Business minutes in days and hours of `calendar` (a Calendar, or a working day's minutes)."""
    if minutes is None or minutes == "":
        return ""
    day = calendar if isinstance(calendar, int) else getattr(calendar, "day_minutes", None)
    return business_text(int(minutes), day)


DEFAULT_PHONE_COUNTRY = "CO"


def phone_link(number: str, country: str) -> SafeString | str:
    """The link for `number`; text that is not a phone number stays as it is (escaped)."""
    shown = national_phone(number, country) if number else ""
    if not shown or shown == number:
        return number
    e164 = phonenumbers.format_number(
        phonenumbers.parse(number, country.upper()), phonenumbers.PhoneNumberFormat.E164
    )
    return format_html('<a href="tel:{}">{}</a>', e164, shown)


@register.filter
def phone(number: str | None, country: str = "") -> SafeString | str:
    """A stored phone (E.164) as a tel: link in its national format when it is of `country`
    (default Colombia), else in its international one: "+573106149927" -> "310 6149927"."""
    return phone_link(number or "", country or DEFAULT_PHONE_COUNTRY)


@register.filter
def case_number(number: str) -> SafeString:
    """A case's number kept on one line ("JQ-2026-000297" broke at its hyphens in a phone's
    title): `{{ case.number|case_number }}`."""
    return format_html('<span class="case-number">{}</span>', number)


# Dates: one style per context (tiquetera.core.dates), in the page's {% timezone %}.
register.filter("short_when", dates.short_datetime)  # lists, tables: "7 dic 2026, 3:05 p. m."
register.filter("long_when", dates.long_datetime)  # facts, emails: "lunes 7 de diciembre de …"
register.filter("short_day", dates.short_date)  # "7 dic 2026"
register.filter("long_day", dates.long_date)  # "lunes 7 de diciembre de 2026"
register.filter("zone_label", dates.zone_label)  # "hora de Bogotá"
register.filter("clock_time", dates.time_of_day)  # "3:05 p. m.", in the page's {% timezone %}
register.filter("countdown", countdown_html)  # an SLA clock's "in 2 h 05 min" (sla/countdown.py)


@register.filter
def language_name(code: str) -> str:
    """A language code in words in the active language ("es" -> "español"); a code Django does
    not know stays as it is."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code
