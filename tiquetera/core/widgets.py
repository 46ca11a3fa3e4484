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

An amount of money is written and read as the person writes it: `AmountField` shows "180.000"
(es-CO; "180,000" in English), not Python's "180000.00", and reads "180.000", "180000",
"180.000,50" or "180000.50" alike — a lone dot followed by other than three digits is the
decimal point of someone who typed it so (Django's own reading of localized input, without its
global `USE_THOUSAND_SEPARATOR`).
"""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import numberformat
from django.utils.formats import get_format
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


class AmountInput(forms.TextInput):
    """A money amount in the active language's digits: "180.000", "1.500,50" (es-CO)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (Decimal, int)):
            cents = Decimal(value) != Decimal(value).to_integral_value()
            return numberformat.format(
                Decimal(value),
                get_format("DECIMAL_SEPARATOR"),
                decimal_pos=2 if cents else 0,
                grouping=3,
                thousand_sep=get_format("THOUSAND_SEPARATOR"),
                force_grouping=True,
            )
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """A `DecimalField` for money that reads what a person types (the module's docstring)."""

    widget = AmountInput

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = read_amount(value)
        return super().to_python(value)


def read_amount(text: str) -> str:
    """`text` ("$ 180.000,50", "180000.50", "180.000") in Python's digits ("180000.50"); what is
    not a number is left for the field to refuse."""
    decimal_sep, thousand_sep = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    text = re.sub(r"[\s\u00a0$]", "", text)
    whole, sep, decimals = text.rpartition(decimal_sep)
    if not sep:
        whole, decimals = text, ""
        parts = text.split(thousand_sep)
        if len(parts) == 2 and len(parts[1]) != 3:  # "180000.50" in Spanish: a decimal point
            whole, decimals = parts
    whole = whole.replace(thousand_sep, "")
    return f"{whole}.{decimals}" if decimals else whole
