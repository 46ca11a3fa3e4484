import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.testing.factories import CalendarDateFactory, CalendarFactory

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 3, 20, 16, 30, tzinfo=ZoneInfo("America/Bogota"))


def test_engine_is_compiled_once_per_revision():
    calendar = CalendarFactory()
    assert engine_for(calendar) is engine_for(Calendar.objects.get(pk=calendar.pk))


def test_a_closed_date_added_elsewhere_is_seen_on_the_next_question():
    calendar = CalendarFactory()
    assert engine_for(calendar).add(FRIDAY, 24 * 60) == FRIDAY.replace(day=27, hour=11)
    # another process (here: another row instance) closes Tuesday 24 March
    CalendarDateFactory(calendar=Calendar.objects.get(pk=calendar.pk), date=dt.date(2026, 3, 24))
    fresh = Calendar.objects.get(pk=calendar.pk)
    assert fresh.revision != calendar.revision
    assert engine_for(fresh).add(FRIDAY, 24 * 60) == FRIDAY.replace(day=30, hour=11)


def test_changing_the_week_changes_the_deadline():
    calendar = CalendarFactory()
    calendar.week = {str(d): ["08:00-18:00"] for d in range(5)}
    calendar.save()
    assert engine_for(calendar).add(FRIDAY, 60) == FRIDAY.replace(day=20, hour=17, minute=30)


def test_an_open_date_without_hours_uses_its_weekdays_hours():
    calendar = CalendarFactory()
    CalendarDateFactory(calendar=calendar, date=dt.date(2026, 3, 23), kind="open", name="")
    calendar.refresh_from_db()
    monday = engine_for(calendar).add(FRIDAY, 60)
    assert monday == dt.datetime(2026, 3, 23, 9, 30, tzinfo=ZoneInfo("America/Bogota"))
