"""`{% load formats %}`: durations, phones and money as people read them in the active language.

- `{{ minutes|business_duration:calendar }}`: "3 días hábiles (24 h)" (days of the calendar's
  working day; without a calendar, hours only);
"""

from typing import Any

from django import template

from tiquetera.calendars.durations import business_text

register = template.Library()


@register.filter
def business_duration(minutes: int | None, calendar: Any = None) -> str:
    """Business minutes in days and hours of `calendar` (a Calendar, or a working day's minutes)."""
    if minutes is None or minutes == "":
        return ""
    day = calendar if isinstance(calendar, int) else getattr(calendar, "day_minutes", None)
    return business_text(int(minutes), day)
