"""One date style per context (issue 17, "Language, formats and finishing"): short in lists,
long on a case's facts and in emails, a time zone named by its city, and the browser's own
date pickers written in ISO whatever the language."""

import datetime as dt
import pathlib
import re
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone, translation

import tiquetera
from tiquetera.core import dates
from tiquetera.core.widgets import DatePicker, DateTimePicker
from tiquetera.desk.case_forms import EscalateForm

MOMENT = dt.datetime(2026, 12, 7, 20, 5, tzinfo=dt.UTC)  # Monday 3:05 p.m. in Bogotá
BOGOTA = ZoneInfo("America/Bogota")


def test_lists_read_the_short_colombian_style():
    with translation.override("es"), timezone.override(BOGOTA):
        assert dates.short_datetime(MOMENT) == "7 dic 2026, 3:05 p. m."
        assert dates.short_date(MOMENT.date()) == "7 dic 2026"


def test_facts_and_emails_read_the_long_style_with_the_city():
    with translation.override("es"), timezone.override(BOGOTA):
        assert dates.long_datetime(MOMENT) == (
            "lunes 7 de diciembre de 2026, 3:05 p. m. (hora de Bogotá)"
        )
        assert dates.long_datetime(MOMENT, "Europe/Madrid").endswith("9:05 p. m. (hora de Madrid)")
        assert dates.long_date(dt.date(2026, 12, 14)) == "lunes 14 de diciembre de 2026"


def test_english_readers_get_their_own_order():
    with translation.override("en"), timezone.override(BOGOTA):
        assert dates.short_datetime(MOMENT) == "Dec 7, 2026, 3:05 p.m."
        assert dates.long_datetime(MOMENT) == "Monday, December 7, 2026, 3:05 p.m. (Bogotá time)"


def test_a_zone_reads_as_its_city_never_its_identifier():
    with translation.override("es"):
        assert dates.zone_label("America/Bogota") == "hora de Bogotá"
        assert dates.zone_label("America/Mexico_City") == "hora de Ciudad de México"
        assert dates.zone_label("America/Guatemala") == "hora de Guatemala"  # not in our list
        assert dates.zone_label("UTC") == "UTC"


def test_midnight_and_noon_on_the_twelve_hour_clock():
    with translation.override("es"):
        assert dates.clock(dt.time(0, 5)) == "12:05 a. m."
        assert dates.clock(dt.time(12, 0)) == "12:00 p. m."


def test_templates_use_the_date_styles_not_django_formats():
    """No template writes a date with Django's own formats (four styles once) or a raw zone."""
    source = pathlib.Path(tiquetera.__file__).parent
    found = []
    for path in source.rglob("templates/**/*.*"):
        text = path.read_text()
        found += [
            f"{path.relative_to(source)}: {match}"
            for match in re.findall(
                r'\|date:"(?:SHORT_)?DATE(?:TIME)?_FORMAT"|\|time:"[^"]*"|time_zone \}\}', text
            )
        ]
    assert found == []


class Pickers(forms.Form):
    day = forms.DateField(widget=DatePicker())
    moment = forms.DateTimeField(widget=DateTimePicker())


def test_pickers_are_the_browsers_own_written_in_iso_in_the_active_zone():
    with translation.override("es"), timezone.override(BOGOTA):
        form = Pickers(initial={"day": dt.date(2026, 12, 7), "moment": MOMENT})
        html = str(form["day"]) + str(form["moment"])
        assert 'type="date"' in html and 'value="2026-12-07"' in html
        assert 'type="datetime-local"' in html and 'value="2026-12-07T15:05"' in html
        assert html.count('lang="es-CO"') == 2
        bound = Pickers(data={"day": "2026-12-07", "moment": "2026-12-07T15:05"})
        assert bound.is_valid(), bound.errors
        assert bound.cleaned_data["moment"] == MOMENT  # read in the active zone


def test_a_refused_fix_date_comes_back_in_the_picker():
    with translation.override("es"):
        form = EscalateForm(data={"fix_due_on": "2026-12-14", "note": ""})
        assert 'value="2026-12-14"' in str(form["fix_due_on"])
        assert form["fix_due_on"].help_text  # in Spanish, from the catalogue
