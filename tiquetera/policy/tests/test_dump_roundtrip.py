"""dump → load round-trips: the text is canonical, and a fresh database gets the same rows."""

import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import parse_policy

from .conftest import EXAMPLE, PRESETS, load_text, snapshot
from .test_presets import load_preset

pytestmark = pytest.mark.django_db


def dump(slug: str = "acme") -> str:
    return dump_policy(Policy.objects.get(slug=slug))


@pytest.mark.parametrize("name", PRESETS)
def test_dump_load_dump_gives_the_same_text_for_every_preset(name):
    load_preset(name)
    first = dump(name)
    report = load_text(first)
    assert not report.changed
    assert dump(name) == first


def test_dump_load_dump_gives_the_same_text_with_dates():
    load_text(EXAMPLE)
    first = dump()
    load_text(first)
    assert dump() == first


def test_a_fresh_database_gets_the_same_rows_from_a_dump():
    load_text(EXAMPLE)
    before = snapshot(revisions=False)
    text = dump()
    Policy.objects.all().delete()
    load_text(text)
    assert snapshot(revisions=False) == before


def test_the_dump_is_the_documented_layout():
    load_text(EXAMPLE)
    text = dump()
    assert '\n[calendars.regular.hours]\nmon-fri = ["09:00-13:00", "14:00-17:00"]\n' in text
    assert "\n[[calendars.regular.closed]]\ndate = 2026-12-24\n" in text
    assert '\n[[calendars.regular.open]]\ndate = 2026-12-20\nhours = ["10:00-12:00"]\n' in text
    assert text.index("[calendars.regular]") < text.index("[calendars.urgent]")


def test_weekdays_with_the_same_hours_are_grouped_into_ranges():
    load_text(EXAMPLE)
    calendar = Calendar.objects.get(key="regular")
    calendar.week = {
        "0": ["09:00-13:00"],
        "1": ["09:00-13:00"],
        "2": ["10:00-12:00"],
        "3": ["09:00-13:00"],
        "5": ["14:00-17:00", "08:00-12:00"],  # unsorted, as the admin may leave it
        "6": ["08:00-12:00", "14:00-17:00"],
    }
    calendar.save()
    hours = parse_policy(dump(), "dump").calendars["regular"].hours
    assert hours == {
        "mon-tue": ["09:00-13:00"],
        "wed": ["10:00-12:00"],
        "thu": ["09:00-13:00"],
        "sat-sun": ["08:00-12:00", "14:00-17:00"],
    }


def test_values_inherited_from_the_policy_are_left_out():
    load_text(EXAMPLE)
    regular = parse_policy(dump(), "dump").calendars["regular"]
    urgent = parse_policy(dump(), "dump").calendars["urgent"]
    assert (regular.time_zone, regular.country) == (None, None)
    assert (urgent.time_zone, urgent.country) == ("America/Panama", "")


def test_a_multiline_description_round_trips():
    load_text(
        EXAMPLE.replace('"Soporte de ejemplo."', '"""\nPrimera línea.\n"Segunda" \\\\ línea."""')
    )
    first = dump()
    assert Policy.objects.get().description == 'Primera línea.\n"Segunda" \\ línea.'
    load_text(first)
    assert dump() == first
