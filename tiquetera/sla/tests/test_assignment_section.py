"""The [assignment] section of the policy file: auto-assignment per team, shifts and the on-call
rota, checked with file:line messages (overlapping shifts), loaded into rows and dumped back."""

import pytest
from django.utils import translation

from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import parse_policy
from tiquetera.policy.tests.conftest import EXAMPLE, load_text, problems
from tiquetera.sla.models import AgentShift, AssignmentRule, OnCall


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


ASSIGNMENT = """
[assignment]
auto = "off"
shift = "regular"

[assignment.teams.redes]
auto = "round_robin"

[assignment.agents]
"luis@acme.co" = "urgent"

[[assignment.on_call]]
agent = "ana@acme.co"
calendar = "urgent"
from = 2026-12-05
until = 2026-12-11

[[assignment.on_call]]
agent = "luis@acme.co"
calendar = "urgent"
from = 2026-12-12
until = 2026-12-18
"""
TEXT = EXAMPLE + ASSIGNMENT


def test_the_section_reads_modes_shifts_and_the_rota():
    spec = parse_policy(TEXT, "acme.toml").assignment
    assert (spec.auto, spec.shift, spec.teams["redes"].auto) == ("off", "regular", "round_robin")
    assert [entry.agent for entry in spec.on_call] == ["ana@acme.co", "luis@acme.co"]


def test_overlapping_on_call_shifts_are_reported_with_their_line():
    overlapping = TEXT.replace("from = 2026-12-12", "from = 2026-12-11")
    [problem] = problems(overlapping)
    line = overlapping[: overlapping.index("from = 2026-12-11")].count("\n") + 1
    assert problem.startswith(f"acme.toml:{line}: assignment.on_call[1].from: ")
    assert "overlaps shift 1 of the same calendar (2026-12-05 to 2026-12-11)" in problem


def test_other_calendars_may_overlap_and_a_shift_must_end_after_it_starts():
    other = TEXT.replace(
        'calendar = "urgent"\nfrom = 2026-12-12', 'calendar = "regular"\nfrom = 2026-12-06'
    )
    assert len(parse_policy(other, "acme.toml").assignment.on_call) == 2
    backwards = TEXT.replace("until = 2026-12-18", "until = 2026-12-01")
    [problem] = problems(backwards)
    assert "assignment.on_call[1].until: The rota entry ends before it starts." in problem


def test_unknown_calendars_and_modes_are_reported():
    unknown = TEXT.replace('shift = "regular"', 'shift = "nocturno"')
    [problem] = problems(unknown)
    assert "assignment.shift: “nocturno” is not one of the policy's [calendars]." in problem
    assert problems(TEXT.replace('auto = "off"', 'auto = "random"'))


@pytest.mark.django_db
def test_loading_stores_the_rows_and_dump_then_load_changes_nothing():
    load_text(TEXT)
    policy = Policy.objects.get(slug="acme")
    rules = {r.team: (r.mode, r.shift.key) for r in AssignmentRule.objects.filter(policy=policy)}
    assert rules == {"": ("off", "regular"), "redes": ("round_robin", "regular")}
    assert AgentShift.objects.get(policy=policy).calendar.key == "urgent"
    assert list(OnCall.objects.values_list("email", flat=True)) == ["ana@acme.co", "luis@acme.co"]
    dumped = dump_policy(policy)
    report = load_text(dumped)
    assert not report.created and not report.updated and not report.deleted
    load_text(EXAMPLE)  # the section dropped: back to the defaults, no rows
    assert not AssignmentRule.objects.exists() and not OnCall.objects.exists()
