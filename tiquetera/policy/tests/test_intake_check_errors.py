"""A mistake in the sections about cases ([desk], [severities], [fields], [case_types], [scope],
[[intake]]) is reported with its line and field path before anything is loaded."""

import pytest

from tiquetera.policy.schema import parse_policy

from .conftest import EXAMPLE, problems

CASES = """
[desk]
case_prefix = "AC"

[severities.S1]
name = "Solicitud"

[fields.module]
label = "Módulo"

[case_types.incidencia]
name = "Incidencia"
default_severity = "S1"
required_fields = ["module", "description"]

[scope.redes]
name = "Redes"
action = "refer"

[[intake]]
rule = "requester"
roles = ["usr"]

[[intake]]
rule = "required_fields"
missing = "close"
"""


pytestmark = pytest.mark.usefixtures("english")


def test_the_example_with_case_rules_checks():
    document = parse_policy(EXAMPLE + CASES, "acme.toml")
    assert [item["rule"] for item in document.intake] == ["requester", "required_fields"]
    assert document.case_types["incidencia"].required_fields == ["module", "description"]


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ('rule = "requester"', 'rule = "requestor"', "intake[0].rule", "is not an intake rule"),
        ('missing = "close"', 'missing = "delete"', "intake[1].missing", "'close' or 'park'"),
        ('roles = ["usr"]', 'roles = ["usr"]\nwho = 1', "intake[0].who", "Unknown key"),
        ('default_severity = "S1"', 'default_severity = "S9"', "default_severity", "S9"),
        ('["module", "description"]', '["modulo"]', "required_fields[0]", "[fields.modulo]"),
        ('action = "refer"', 'action = "ignore"', "scope.redes.action", "'refer'"),
        ('case_prefix = "AC"', 'case_prefix = "ac-1"', "desk.case_prefix", "capital letters"),
        (
            'case_prefix = "AC"',
            'case_prefix = "AC"\nchannel_case_types = { email = "soporte" }',
            "desk.channel_case_types.email",
            "[case_types.soporte]",
        ),
        (
            'case_prefix = "AC"',
            'case_prefix = "AC"\nchannel_case_types = { fax = "incidencia" }',
            "desk.channel_case_types.fax",
            "whatsapp",
        ),
        (
            'rule = "required_fields"',
            'rule = "requester"',
            "intake[1].rule",
            "listed twice",
        ),
    ],
)
def test_mistakes_are_reported_at_their_line(old, new, path, words):
    text = EXAMPLE + CASES.replace(old, new, 1)
    lines = problems(text)
    assert any(path in line and words in line for line in lines), lines
    # every problem points at a line of the file
    assert all(line.startswith("acme.toml:") for line in lines), lines
