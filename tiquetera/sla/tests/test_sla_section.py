"""The [sla] section of the policy file: checked with file:line messages, loaded into SlaSettings
and SlaTarget rows, and dumped back so that dump → load changes nothing."""

import pytest
from django.utils import translation

from tiquetera.calendars.models import Calendar
from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import parse_policy
from tiquetera.policy.tests.conftest import EXAMPLE, load_text, problems
from tiquetera.sla.models import SlaSettings, SlaTarget


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


PLANS_AND_SEVERITIES = """
[plans.oro]
name = "Oro"
currency = "COP"
when_exhausted = "refuse"

[severities.S3]
name = "Urgencia"

[severities.S1]
name = "Solicitud"
"""

SLA = """
[sla]
warn_at = 75
start_on_verification = true

[sla.auto_close]
waiting = "16h"
failed_attempts = 9
calendar = "regular"

[[sla.targets]]
metric = "first_response"
within = "1h30m"

[[sla.targets]]
metric = "assignment"
severity = "S3"
within = "60m"
calendar = "urgent"

[[sla.targets]]
metric = "resolution"
severity = "S1"
plan = "oro"
within = "49h"
"""

TEXT = EXAMPLE + PLANS_AND_SEVERITIES + SLA


def test_the_section_reads_durations_as_business_minutes():
    sla = parse_policy(TEXT, "acme.toml").sla
    assert (sla.warn_at, sla.start_on_verification) == (75, True)
    assert [t.minutes for t in sla.targets] == [90, 60, 49 * 60]
    assert sla.auto_close.waiting == "16h"


@pytest.mark.django_db
def test_loading_creates_the_settings_and_one_row_per_target():
    report = load_text(TEXT)
    settings = SlaSettings.objects.get(policy__slug="acme")
    assert settings.warn_at_percent == 75
    assert settings.start_on_verification
    assert settings.auto_close_waiting_minutes == 16 * 60
    assert settings.auto_close_failed_attempts == 9
    assert settings.auto_close_calendar.key == "regular"
    rows = list(SlaTarget.objects.filter(policy__slug="acme").order_by("position"))
    assert [(t.metric, t.severity, t.plan, t.minutes, t.calendar.key) for t in rows] == [
        ("first_response", "", "", 90, "regular"),  # the default calendar
        ("assignment", "S3", "", 60, "urgent"),
        ("resolution", "S1", "oro", 49 * 60, "regular"),
    ]
    assert report.count("created") >= 4


@pytest.mark.django_db
def test_dump_load_changes_nothing_and_gives_the_same_text():
    load_text(TEXT)
    first = dump_policy(Policy.objects.get(slug="acme"))
    assert '[[sla.targets]]\nmetric = "first_response"\nwithin = "1h30m"\n' in first
    assert '[sla.auto_close]\nwaiting = "16h"\nfailed_attempts = 9\ncalendar = "regular"\n' in first
    report = load_text(first)
    assert not report.changed
    assert dump_policy(Policy.objects.get(slug="acme")) == first


@pytest.mark.django_db
def test_reloading_without_the_section_removes_its_rows():
    load_text(TEXT)
    report = load_text(EXAMPLE + PLANS_AND_SEVERITIES)
    assert not SlaSettings.objects.exists()
    assert not SlaTarget.objects.exists()
    assert report.count("deleted") == 4


@pytest.mark.django_db
def test_a_changed_target_is_updated_in_place():
    load_text(TEXT)
    before = SlaTarget.objects.get(metric="assignment")
    report = load_text(TEXT.replace('within = "60m"', 'within = "45m"'))
    after = SlaTarget.objects.get(metric="assignment")
    assert (after.pk, after.minutes) == (before.pk, 45)
    assert report.count("updated") == 1
    assert after.calendar == Calendar.objects.get(key="urgent")


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ('within = "1h30m"', 'within = "hora y media"', "sla.targets[0].within", "not a duration"),
        ('within = "1h30m"', 'within = "0m"', "sla.targets[0].within", "longer than zero"),
        ('within = "49h"', 'within = "9999999h"', "sla.targets[2].within", "too long"),
        ('severity = "S3"', 'severity = "S9"', "sla.targets[1].severity", "[severities]"),
        ('severity = "S3"', 'severity = "urgente"', "sla.targets[1].severity", "code"),
        ('plan = "oro"', 'plan = "plata"', "sla.targets[2].plan", "[plans]"),
        ('calendar = "urgent"', 'calendar = "24x7"', "sla.targets[1].calendar", "[calendars]"),
        ('metric = "assignment"', 'metric = "answer"', "sla.targets[1].metric", "'assignment'"),
        ("warn_at = 75", "warn_at = 0", "sla.warn_at", "from 1 to 100"),
        ('waiting = "16h"', 'waiting = "2 días"', "sla.auto_close.waiting", "not a duration"),
        ("failed_attempts = 9", "failed_attempts = -1", "sla.auto_close.failed_attempts", "0"),
        ('calendar = "regular"', 'calendar = "oficina"', "sla.auto_close.calendar", "oficina"),
        ("warn_at = 75", 'warn_at = "75"', "sla.warn_at", "whole number"),
    ],
)
def test_a_mistake_is_reported_at_its_line(old, new, path, words):
    text = TEXT.replace(old, new, 1)
    [problem] = problems(text)
    line = line_of(text, new)
    assert problem.startswith(f"acme.toml:{line}: {path}: ")
    assert words in problem


def test_a_target_listed_twice_is_reported_at_the_second():
    twice = TEXT + '\n[[sla.targets]]\nmetric = "first_response"\nwithin = "2h"\n'
    [problem] = problems(twice)
    header = twice.rindex("[[sla.targets]]")
    line = twice[:header].count("\n") + 1
    assert problem.startswith(f"acme.toml:{line}: sla.targets[3]: ")
    assert "already has this metric, case type, severity and plan" in problem


def test_severities_are_free_when_the_policy_declares_none():
    sla = parse_policy(EXAMPLE + SLA.replace('plan = "oro"\n', ""), "acme.toml").sla
    assert [t.severity for t in sla.targets] == ["", "S3", "S1"]


def test_a_target_of_an_unknown_case_type_or_of_no_plan():
    text = (
        TEXT + '\n[[sla.targets]]\nmetric = "first_response"\ncase_type = "nada"\nwithin = "2h"\n'
    )
    [problem] = problems(text)
    assert "sla.targets[3].case_type" in problem
    assert "“nada” is not one of the policy's [case_types]" in problem
    no_plan = TEXT + '\n[[sla.targets]]\nmetric = "first_response"\nplan = "none"\nwithin = "2h"\n'
    assert parse_policy(no_plan, "acme.toml").sla.targets[-1].plan == "none"
