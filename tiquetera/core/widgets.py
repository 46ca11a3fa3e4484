"""The browser's own date pickers for every date and date-time field agents and clients fill,
and a file picker that speaks the page's language.

`<input type="date">` and `datetime-local` speak ISO ("2026-12-07", "2026-12-07T15:05") whatever
the language, so the value is always written that way (Django would write the locale's
"07/12/2026", which the browser drops), in the active time zone (the form's view sets it: the
organization's or the calendar's); the picker's month and day names come from the `lang` of the
page and of the field (es-CO by default).

A file input's button and "No file chosen" come from the browser, in the browser's language
("Choose Files" on an English Chromium). `FilePicker` keeps the native input (focusable, what
is posted, what works without JavaScript) and adds its own button — a `<label>` for the input —
and the chosen files' names, in our words; `core/forms.js` marks the page as scripted, which
hides the native face (`core/tiquetera.css`, `.file-picker`) and writes the names. No inline
script: the Content-Security-Policy forbids it.
"""

from typing import Any

from django import forms
from django.utils.translation import get_language, gettext, to_locale


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


class FilePicker(forms.ClearableFileInput):
    """A file input with our own labelled button and the names of the files chosen (see the
    module's docstring); `multiple=True` for several files."""

    template_name = "core/widgets/file_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, multiple: bool = False) -> None:
        self.allow_multiple_selected = multiple
        super().__init__(attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["picker"] = {
            "button": gettext("Choose files")
            if self.allow_multiple_selected
            else gettext("Choose a file"),
            "none": gettext("No file chosen"),
        }
        return context
