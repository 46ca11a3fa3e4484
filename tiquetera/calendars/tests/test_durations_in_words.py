"""Durations read in business days and hours of the calendar's working day (issue 17): "3 días
hábiles (24 h)", never "1440 minutos hábiles"."""

import pytest
from django.template import Context, Template
from django.utils import translation

from tiquetera.calendars.durations import business_text, hours_text, working_day_minutes

OFFICE = {str(day): ["08:00-12:00", "14:00-18:00"] for day in range(5)} | {"5": ["08:00-12:00"]}


def test_the_working_day_is_the_most_common_open_day():
    assert working_day_minutes(OFFICE) == 480  # Saturday's half day does not count
    assert working_day_minutes({str(day): ["00:00-24:00"] for day in range(7)}) == 1440
    assert working_day_minutes({}) is None


@pytest.mark.parametrize(
    ("minutes", "spanish", "english"),
    [
        (1440, "3 días hábiles (24 h)", "3 business days (24 h)"),
        (480, "1 día hábil (8 h)", "1 business day (8 h)"),
        (1560, "3 días hábiles y 2 h (26 h)", "3 business days and 2 h (26 h)"),
        (240, "4 h", "4 h"),
        (90, "1 h 30 min", "1 h 30 min"),
        (45, "45 min", "45 min"),
    ],
)
def test_business_minutes_read_in_days_and_hours(minutes, spanish, english):
    with translation.override("es"):
        assert business_text(minutes, 480) == spanish
    with translation.override("en"):
        assert business_text(minutes, 480) == english


def test_without_a_working_day_only_hours():
    assert hours_text(1440) == "24 h"
    assert business_text(1440, None) == "24 h"


def test_the_template_filter_counts_in_the_calendars_day():
    class Calendar:
        day_minutes = 480

    page = Template("{% load formats %}{{ minutes|business_duration:calendar }}")
    with translation.override("es"):
        text = page.render(Context({"minutes": 12600, "calendar": Calendar()}))
    assert text == "26 días hábiles y 2 h (210 h)"
