"""The browser's own date pickers for every date and date-time field agents and clients fill.

`<input type="date">` and `datetime-local` speak ISO ("2026-12-07", "2026-12-07T15:05") whatever
the language, so the value is always written that way (Django would write the locale's
"07/12/2026", which the browser drops), in the active time zone (the form's view sets it: the
organization's or the calendar's); the picker's month and day names come from the `lang` of the
page and of the field (es-CO by default).
"""

from typing import Any

from django import forms
from django.utils.translation import get_language, to_locale


def _lang() -> str:
    language = get_language() or "es"
    return "es-CO" if language == "es" else to_locale(language).replace("_", "-")


class DatePicker(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, value, {"lang": _lang(), **(attrs or {})})


class DateTimePicker(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        return super().get_context(name, value, {"lang": _lang(), **(attrs or {})})
