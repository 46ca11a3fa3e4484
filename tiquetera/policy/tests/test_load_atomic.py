"""A file that fails anywhere changes nothing: checks come first, and the load is one
transaction."""

import pytest
from django.core.management import CommandError, call_command

from tiquetera.policy import services
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.schema import PolicyDocument

from .conftest import EXAMPLE, load_text, snapshot

pytestmark = pytest.mark.django_db

# valid changes to the calendars already loaded, and a new calendar ...
VALID_CHANGES = (
    EXAMPLE.replace('name = "Horario regular"', 'name = "Horario de oficina"')
    + """
[calendars.night]
name = "Noche"

[calendars.night.hours]
"mon-fri" = ["20:00-23:00"]

[[calendars.night.closed]]
date = 2026-12-25
name = "Navidad"
"""
)
# ... then a mistake at the very end of the file
CHANGED = VALID_CHANGES + '\n[[calendars.night.closed]]\ndate = 2026-12-25\nname = "Otra vez"\n'


def explode(policy, document, report):
    raise RuntimeError("the database went away")


def test_a_bad_file_changes_nothing(write):
    load_text(EXAMPLE)
    before = snapshot()
    with pytest.raises(CommandError):
        call_command("policy", "load", write(CHANGED))
    assert snapshot() == before
    load_text(VALID_CHANGES)  # the same file without its last mistake does load
    assert snapshot() != before


def test_a_failure_half_way_through_a_load_rolls_everything_back(monkeypatch):
    load_text(EXAMPLE)
    before = snapshot()
    sections = (*services.SECTIONS, services.Section("later", load=explode, export=dict))
    monkeypatch.setattr(services, "SECTIONS", sections)
    with pytest.raises(RuntimeError):
        load_text(VALID_CHANGES)
    assert snapshot() == before


def test_a_new_policy_that_fails_half_way_leaves_no_row(monkeypatch):
    sections = (*services.SECTIONS, services.Section("later", load=explode, export=dict))
    monkeypatch.setattr(services, "SECTIONS", sections)
    with pytest.raises(RuntimeError):
        load_text(EXAMPLE)
    assert snapshot() == {"policies": [], "calendars": [], "dates": []}


def test_an_unchecked_document_is_refused():
    data = {
        "format": 1,
        "policy": {"slug": "x", "name": "X", "time_zone": "Mars/Base"},
        "calendars": {"r": {"name": "R", "default": True, "hours": {"mon": ["09:00-10:00"]}}},
    }
    with pytest.raises(PolicyFileError, match="Mars/Base"):
        services.load_policy(PolicyDocument.model_validate(data), source="code")
    assert snapshot()["policies"] == []
