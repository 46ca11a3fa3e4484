"""The `channel` rule's inquiries and call limits (seeds 002 and 004) are checked before
anything is loaded: a known calendar, failure types that are case types, named exactly when
calls are limited to a status or a failure."""

import pytest

from tiquetera.policy.schema import parse_policy

from .conftest import EXAMPLE, problems

CASES = """
[case_types.fallo]
name = "Fallo total"

[[intake]]
rule = "channel"
form = ["portal", "phone"]
inquiries = ["whatsapp"]
calls = "status_or_failure"
calls_calendar = "regular"
failure_types = ["fallo"]
inquiry_first_response = "2h"
inquiry_calendar = "regular"
"""

pytestmark = pytest.mark.usefixtures("english")


def test_a_channel_rule_with_inquiries_and_call_limits_checks():
    document = parse_policy(EXAMPLE + CASES, "acme.toml")
    assert document.intake[0]["inquiries"] == ["whatsapp"]
    assert document.intake[0]["inquiry_first_response"] == "2h"


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        (
            'calls_calendar = "regular"',
            'calls_calendar = "weekdays"',
            "calls_calendar",
            "[calendars]",
        ),
        ('failure_types = ["fallo"]', 'failure_types = ["caida"]', "failure_types[0]", "caida"),
        ('failure_types = ["fallo"]', "failure_types = []", "failure_types", "fallo-total"),
        ('calls = "status_or_failure"', 'calls = "any"', "intake[0].calls", "status_or_failure"),
        ('inquiries = ["whatsapp"]', 'inquiries = ["fax"]', "inquiries[0]", "fax"),
        (
            'inquiries = ["whatsapp"]',
            'inquiries = ["whatsapp", "whatsapp"]',
            "inquiries[1]",
            "listed twice",
        ),
        ('"2h"', '"two hours"', "inquiry_first_response", "not a duration"),
        ('"2h"', '"0m"', "inquiry_first_response", "longer than zero"),
        ('inquiry_calendar = "regular"', 'inquiry_calendar = "night"', "inquiry_calendar", "night"),
        ('inquiries = ["whatsapp"]', "inquiries = []", "inquiry_first_response", "needs inquiries"),
        ('inquiry_first_response = "2h"', "", "inquiry_calendar", "only with"),
    ],
)
def test_mistakes_are_reported_at_their_line(old, new, path, words):
    lines = problems(EXAMPLE + CASES.replace(old, new, 1))
    assert any(path in line and words in line for line in lines), lines
    assert all(line.startswith("acme.toml:") for line in lines), lines
