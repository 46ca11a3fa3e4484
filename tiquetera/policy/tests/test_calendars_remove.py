"""A calendar the file drops is removed after the SLA section let go of it; one that cases' SLA
clocks still count on is refused with a clear message, never a ProtectedError (issue 5)."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from tiquetera.calendars.models import Calendar
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.tests.conftest import EXAMPLE, load_text, snapshot
from tiquetera.sla.models import Clock, SlaSettings, SlaTarget
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

URGENT_TARGET = """
[[sla.targets]]
metric = "assignment"
within = "60m"
calendar = "urgent"
"""
AUTO_CLOSE_ON_URGENT = """
[sla.auto_close]
waiting = "20h"
calendar = "urgent"
"""
WITHOUT_URGENT = EXAMPLE.split("[calendars.urgent]")[0]


def test_a_calendar_dropped_with_the_target_that_used_it_is_removed():
    load_text(EXAMPLE + URGENT_TARGET)

    report = load_text(WITHOUT_URGENT)

    assert not Calendar.objects.filter(key="urgent").exists()
    assert not SlaTarget.objects.exists()
    deleted = {(c.model.__name__, c.ref) for c in report.changes if c.action == "deleted"}
    assert ("Calendar", "acme/urgent") in deleted


def test_a_target_moved_to_the_default_calendar_frees_the_dropped_one():
    load_text(EXAMPLE + URGENT_TARGET)

    load_text(WITHOUT_URGENT + URGENT_TARGET.replace('calendar = "urgent"\n', ""))

    assert SlaTarget.objects.get().calendar.key == "regular"
    assert not Calendar.objects.filter(key="urgent").exists()


def test_a_calendar_dropped_with_the_auto_close_that_used_it_is_removed():
    load_text(EXAMPLE + AUTO_CLOSE_ON_URGENT)

    load_text(WITHOUT_URGENT)

    assert not SlaSettings.objects.exists()
    assert not Calendar.objects.filter(key="urgent").exists()


def test_a_calendar_cases_clocks_count_on_is_kept_and_nothing_is_loaded(english):
    load_text(EXAMPLE + URGENT_TARGET)
    urgent = Calendar.objects.get(key="urgent")
    moment = dt.datetime(2026, 7, 14, 10, 0, tzinfo=dt.UTC)
    for _ in range(2):
        Clock.objects.create(
            case=CaseFactory(organization__policy=urgent.policy),
            metric="assignment",
            calendar=urgent,
            target_minutes=60,
            state=Clock.State.RUNNING,
            started_at=moment,
        )
    before = snapshot()

    with pytest.raises(PolicyFileError) as error:
        load_text(WITHOUT_URGENT, source="acme.toml")

    assert error.value.lines() == [
        "acme.toml: calendars.urgent: The calendar “urgent” is not in the file, but it is still "
        "used by the SLA clocks of 2 cases, so it cannot be removed. Keep it in the file: a "
        "calendar no target names does no harm."
    ]
    assert snapshot() == before
    assert SlaTarget.objects.get().calendar == urgent  # the whole load was undone


def test_the_load_command_says_so_in_spanish_without_a_traceback(write, capsys):
    load_text(EXAMPLE + URGENT_TARGET)
    urgent = Calendar.objects.get(key="urgent")
    Clock.objects.create(
        case=CaseFactory(organization__policy=urgent.policy),
        metric="assignment",
        calendar=urgent,
        target_minutes=60,
        state=Clock.State.RUNNING,
        started_at=dt.datetime(2026, 7, 14, 10, 0, tzinfo=dt.UTC),
    )

    with pytest.raises(CommandError):
        call_command("policy", "load", write(WITHOUT_URGENT))

    assert "calendars.urgent" in capsys.readouterr().err
    assert Calendar.objects.filter(key="urgent").exists()
