"""The out_of_hours intake rule in the policy file: its calendar and severities are the policy's,
and a rule that could never apply its exceptions is refused — each at its file:line; the rule
loads and dumps back unchanged."""

import pytest

from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import parse_policy
from tiquetera.tickets.models import IntakeRule

from .conftest import EXAMPLE, load_text, problems

RULE = """
[severities.ALTA]
name = "Prioritario"
rank = 1

[[intake]]
rule = "out_of_hours"
calendar = "regular"
on = "closed_days"
severities = ["ALTA"]
channels = ["phone"]
otherwise = "reject"
"""

pytestmark = pytest.mark.usefixtures("english")


def test_the_rule_reads_its_parameters():
    [item] = parse_policy(EXAMPLE + RULE, "acme.toml").intake
    assert item["on"] == "closed_days" and item["otherwise"] == "reject"


@pytest.mark.django_db
def test_the_rule_loads_and_dumps_back_unchanged():
    load_text(EXAMPLE + RULE)
    rule = IntakeRule.objects.get()
    assert (rule.kind, rule.params["channels"]) == ("out_of_hours", ["phone"])
    text = dump_policy(Policy.objects.get(slug="acme"))
    assert 'rule = "out_of_hours"' in text
    assert not load_text(text).changed


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ('calendar = "regular"', 'calendar = "oficina"', "intake[0].calendar", "[calendars]"),
        ('severities = ["ALTA"]', 'severities = ["BAJA"]', "intake[0].severities[0]", "BAJA"),
        ('severities = ["ALTA"]', 'severities = ["alta"]', "intake[0].severities[0]", "code"),
        ('channels = ["phone"]', 'channels = ["fax"]', "intake[0].channels[0]", "'phone'"),
        ('on = "closed_days"', 'on = "weekends"', "intake[0].on", "'closed_days'"),
        ('otherwise = "reject"', 'otherwise = "park"', "intake[0].otherwise", "'per_event'"),
        ('otherwise = "reject"', 'otherwise = "accept"', "intake[0].otherwise", "attends every"),
    ],
)
def test_mistakes_are_reported_at_their_line(old, new, path, words):
    text = EXAMPLE + RULE.replace(old, new, 1)
    [line] = problems(text)
    number = text[: text.index(new)].count("\n") + 1
    assert line.startswith(f"acme.toml:{number}: {path}: "), line
    assert words in line, line
