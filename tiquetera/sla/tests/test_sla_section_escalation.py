"""A target's escalation actions in the policy file (`on_warning`, `on_breach`, `reassign_to`):
loaded into SlaTarget rows, dumped back only when they differ from "notify", and checked with
file:line messages (issue 5: "runs the policy's escalation actions")."""

import pytest
from django.utils import translation

from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import parse_policy, read_policy
from tiquetera.policy.tests.conftest import EXAMPLE, PRESETS, load_text, problems
from tiquetera.sla.models import SlaTarget


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


SEVERITIES = """
[severities.S3]
name = "Urgencia"
rank = 1

[severities.S2]
name = "Incidencia"
rank = 2
"""

TARGETS = """
[[sla.targets]]
metric = "first_response"
within = "3h"

[[sla.targets]]
metric = "assignment"
severity = "S3"
within = "60m"
on_breach = ["reassign", "notify"]
reassign_to = "lead"

[[sla.targets]]
metric = "resolution"
severity = "S2"
within = "24h"
on_warning = ["notify", "raise_severity"]
on_breach = ["raise_severity"]
"""

TEXT = EXAMPLE + SEVERITIES + TARGETS


def test_actions_default_to_notify_only():
    [plain, *_] = parse_policy(TEXT, "acme.toml").sla.targets
    assert (plain.on_warning, plain.on_breach, plain.reassign_to) == (["notify"], ["notify"], "")


@pytest.mark.django_db
def test_loading_stores_each_targets_actions_in_order():
    load_text(TEXT)
    rows = SlaTarget.objects.order_by("position")
    assert [(t.on_warning, t.on_breach, t.reassign_to) for t in rows] == [
        (["notify"], ["notify"], ""),
        (["notify"], ["reassign", "notify"], "lead"),
        (["notify", "raise_severity"], ["raise_severity"], ""),
    ]


@pytest.mark.django_db
def test_dump_writes_only_actions_other_than_notify_and_loads_back_unchanged():
    load_text(TEXT)
    first = dump_policy(Policy.objects.get(slug="acme"))
    assert '[[sla.targets]]\nmetric = "first_response"\nwithin = "3h"\n\n' in first
    assert 'on_breach = ["reassign", "notify"]\nreassign_to = "lead"\n' in first
    report = load_text(first)
    assert not report.changed
    assert dump_policy(Policy.objects.get(slug="acme")) == first


@pytest.mark.django_db
def test_changing_an_action_updates_the_target_in_place():
    load_text(TEXT)
    before = SlaTarget.objects.get(metric="assignment")
    report = load_text(TEXT.replace('reassign_to = "lead"', 'reassign_to = "segundo-nivel"'))
    after = SlaTarget.objects.get(metric="assignment")
    assert (after.pk, after.reassign_to) == (before.pk, "segundo-nivel")
    assert [c.fields for c in report.changes if c.action == "updated"] == [("reassign_to",)]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        (
            'on_breach = ["reassign", "notify"]',
            'on_breach = ["reassign", "escalate"]',
            "sla.targets[1].on_breach[1]",
            "'raise_severity'",
        ),
        (
            'on_breach = ["reassign", "notify"]',
            'on_breach = ["notify", "notify", "reassign"]',
            "sla.targets[1].on_breach[1]",
            "listed twice",
        ),
        (
            'on_breach = ["reassign", "notify"]',
            'on_breach = "reassign"',
            "sla.targets[1].on_breach",
            "list",
        ),
        ('reassign_to = "lead"', 'reassign_to = "el líder"', "sla.targets[1].reassign_to", "team"),
        (
            'on_breach = ["raise_severity"]',
            'on_breach = ["raise_severity"]\nreassign_to = "lead"',
            "sla.targets[2].reassign_to",
            "only used by the action “reassign”",
        ),
    ],
)
def test_a_mistake_is_reported_at_its_line(old, new, path, words):
    text = TEXT.replace(old, new, 1)
    [problem] = problems(text)
    last = new.split("\n")[-1]
    line = text[: text.rindex(last)].count("\n") + 1
    assert problem.startswith(f"acme.toml:{line}: {path}: ")
    assert words in problem


def test_reassign_without_reassign_to_is_reported_at_the_target():
    text = TEXT.replace('reassign_to = "lead"\n', "", 1)
    [problem] = problems(text)
    line = line_of(text, 'severity = "S3"\nwithin = "60m"') - 2  # its [[sla.targets]] header
    assert problem.startswith(f"acme.toml:{line}: sla.targets[1].reassign_to: ")
    assert "needs reassign_to" in problem


def test_raising_the_most_urgent_severity_is_reported():
    text = TEXT.replace('on_breach = ["reassign", "notify"]', 'on_breach = ["raise_severity"]')
    text = text.replace('reassign_to = "lead"\n', "")
    [problem] = problems(text)
    line = line_of(text, 'severity = "S3"')
    assert problem.startswith(f"acme.toml:{line}: sla.targets[1].severity: ")
    assert "S3 is already the most urgent severity" in problem


def test_raising_a_severity_needs_the_policys_severities():
    text = EXAMPLE + TARGETS.replace('severity = "S3"\n', "").replace('severity = "S2"\n', "")
    text = text.replace('on_breach = ["reassign", "notify"]\nreassign_to = "lead"\n', "")
    [problem] = problems(text)
    assert "sla.targets[2]: " in problem
    assert "needs the policy's [severities]" in problem


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_still_checks(name):
    document = read_policy(name).document
    assert all(
        set(t.on_breach) | set(t.on_warning) <= {"notify", "raise_severity", "reassign"}
        for t in document.sla.targets
    )
