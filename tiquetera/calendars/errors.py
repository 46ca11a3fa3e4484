"""Translated messages for the engine's errors (the engine itself knows no Django)."""

from django.utils.translation import gettext as _

from .engine import CalendarError


def describe(error: CalendarError) -> str:
    """The error in the user's language, naming the offending value."""
    value = error.params.get("value", "")
    messages = {
        "invalid_time": _("“%(value)s” is not a time of day such as 09:00."),
        "invalid_interval": _(
            "“%(value)s” is not a working interval such as 09:00-13:00 (start before end)."
        ),
        "overlapping_intervals": _("The working intervals of %(value)s overlap."),
        "invalid_weekday": _("%(value)s is not a weekday (0 is Monday, 6 is Sunday)."),
        "unknown_timezone": _("“%(value)s” is not a known time zone (e.g. America/Bogota)."),
        "unknown_country": _("There are no national holidays for the country “%(value)s”."),
        "open_date_without_hours": _(
            "The open date %(value)s falls on a weekday without hours: give its hours."
        ),
        "no_working_time": _("The calendar has no working time at all."),
        "naive_datetime": _("The time %(value)s has no time zone."),
        "invalid_datetime": _("That is not a date and time."),
        "invalid_date": _("“%(value)s” is not a date such as 2026-12-24."),
        "invalid_duration": _("A duration is a number of minutes or hours, not %(value)s."),
        "negative_duration": _("A duration cannot be negative."),
        "reversed_range": _("The end %(value)s comes before the start."),
        "out_of_range": _("That date is outside the years business time can be computed for."),
    }
    if error.code == "overlapping_intervals":
        value = error.params.get("where", "")
    template = messages.get(error.code)
    return template % {"value": value} if template else str(error)
