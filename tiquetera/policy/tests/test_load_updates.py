"""A load makes the database match the file: what changed is saved, what is gone is deleted."""

import datetime as dt

import pytest
from django.utils import translation

from tiquetera.calendars.models import Calendar, CalendarDate
from tiquetera.policy.models import Policy

from .conftest import EXAMPLE, load_text
from .test_presets import load_preset

pytestmark = pytest.mark.django_db

URGENT = EXAMPLE[EXAMPLE.index("[calendars.urgent]") :]


def revision(key: str) -> object:
    return Calendar.objects.get(policy__slug="acme", key=key).revision


def test_removing_a_calendar_from_the_file_deletes_it():
    load_text(EXAMPLE)
    report = load_text(EXAMPLE.replace(URGENT, ""))
    assert list(Calendar.objects.values_list("key", flat=True)) == ["regular"]
    assert [(c.action, c.ref) for c in report.changes if c.action == "deleted"] == [
        ("deleted", "acme/urgent")
    ]


def test_removing_a_date_deletes_it_and_bumps_the_calendar_revision():
    load_text(EXAMPLE)
    before, urgent = revision("regular"), revision("urgent")
    text = EXAMPLE.replace('date = 2026-12-31\nname = "Inventario"', "date = 2026-12-30")
    report = load_text(text)
    dates = set(CalendarDate.objects.values_list("date", flat=True))
    assert dt.date(2026, 12, 31) not in dates
    assert dt.date(2026, 12, 30) in dates
    assert (report.created, report.deleted) == (1, 1)
    assert revision("regular") != before
    assert revision("urgent") == urgent


def test_changing_hours_updates_only_that_calendar():
    load_text(EXAMPLE)
    regular, urgent = revision("regular"), revision("urgent")
    report = load_text(EXAMPLE.replace('sat = ["09:00-12:00"]', 'sat = ["09:00-13:00"]'))
    updated = [c for c in report.changes if c.action == "updated"]
    assert [(c.ref, c.fields) for c in updated] == [("acme/regular", ("week",))]
    with translation.override("en"):
        assert updated[0].text() == "Updated: calendar acme/regular (working hours)"
    assert Calendar.objects.get(key="regular").week["5"] == ["09:00-13:00"]
    assert revision("regular") != regular
    assert revision("urgent") == urgent


def test_moving_the_default_updates_both_calendars():
    load_text(EXAMPLE)
    text = EXAMPLE.replace("default = true\n", "").replace(
        'name = "Urgencias"\n', 'name = "Urgencias"\ndefault = true\n'
    )
    load_text(text)
    assert Calendar.objects.get(is_default=True).key == "urgent"


def test_a_date_that_changes_kind_is_updated_in_place():
    load_text(EXAMPLE)
    text = EXAMPLE.replace(
        '[[calendars.regular.closed]]\ndate = 2026-12-31\nname = "Inventario"\n',
        '[[calendars.regular.open]]\ndate = 2026-12-31\nhours = ["08:00-10:00"]\n',
    )
    report = load_text(text)
    day = CalendarDate.objects.get(date=dt.date(2026, 12, 31))
    assert (day.kind, day.name, day.hours) == ("open", "", "08:00-10:00")
    assert report.updated == 1


def test_intervals_are_stored_normalised_and_sorted():
    load_text(
        EXAMPLE.replace(
            '"mon-fri" = ["09:00-13:00", "14:00-17:00"]',
            '"mon-fri" = ["14:00 - 17:00", "09:00:00-13:00"]',
        )
    )
    assert Calendar.objects.get(key="regular").week["0"] == ["09:00-13:00", "14:00-17:00"]


def test_calendars_inherit_the_policy_time_zone_and_country():
    load_text(EXAMPLE)
    regular, urgent = Calendar.objects.get(key="regular"), Calendar.objects.get(key="urgent")
    assert (regular.time_zone, regular.country) == ("America/Bogota", "CO")
    assert (urgent.time_zone, urgent.country) == ("America/Panama", "")


def test_other_policies_are_left_alone():
    load_preset("jq-systems")
    jq = list(Calendar.objects.filter(policy__slug="jq-systems").values())
    load_text(EXAMPLE)
    load_text(EXAMPLE.replace(URGENT, ""))
    assert list(Calendar.objects.filter(policy__slug="jq-systems").values()) == jq
    assert Policy.objects.count() == 2
