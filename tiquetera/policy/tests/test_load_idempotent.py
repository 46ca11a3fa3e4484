"""Loading the same file twice changes nothing: no row saved, no calendar revision bumped."""

import pytest
from django.utils import translation

from tiquetera.calendars.models import Calendar
from tiquetera.policy.models import Policy

from .conftest import EXAMPLE, PRESETS, load_text, snapshot
from .test_presets import load_preset

pytestmark = pytest.mark.django_db


def test_load_twice_changes_nothing():
    load_text(EXAMPLE)
    before = snapshot()
    updated_at = Policy.objects.get().updated_at
    report = load_text(EXAMPLE)
    assert not report.changed
    assert (report.created, report.updated, report.deleted) == (0, 0, 0)
    assert report.unchanged == 1 + 2 + 4  # the policy, two calendars, four dates
    assert snapshot() == before
    assert Policy.objects.get().updated_at == updated_at


@pytest.mark.parametrize("name", PRESETS)
def test_loading_a_preset_twice_keeps_calendar_revisions(name):
    load_preset(name)
    revisions = dict(Calendar.objects.values_list("key", "revision"))
    load_preset(name)
    assert dict(Calendar.objects.values_list("key", "revision")) == revisions


def test_same_content_from_another_file_only_records_the_new_source():
    load_text(EXAMPLE, source="/srv/a.toml")
    before = snapshot()
    report = load_text(EXAMPLE, source="/srv/b.toml")
    assert not report.changed
    assert snapshot() == before
    assert Policy.objects.get().source == "/srv/b.toml"


def test_the_first_load_creates_every_row():
    report = load_text(EXAMPLE)
    assert (report.created, report.updated, report.deleted, report.unchanged) == (7, 0, 0, 0)
    with translation.override("en"):
        assert report.summary() == "Policy acme: 7 created, 0 updated, 0 deleted, 0 unchanged."
        assert report.changes[1].text() == "Created: calendar acme/regular"
