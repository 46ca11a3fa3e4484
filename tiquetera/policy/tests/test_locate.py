"""The locator finds the line of a field path in TOML text (tomllib gives no positions)."""

import tomllib

import pytest

from tiquetera.policy.locate import Locator

TEXT = """\
# comment with [brackets] and = signs
format = 1

[policy]
slug = "x"  # trailing comment
"quoted.key" = 'literal [not an array]'
"escaped \\"key\\"" = 1
description = \"\"\"
lines with "quotes" and [brackets]
slug = "not a key"
\"\"\"

[calendars.regular]
name = "R"
dotted.deep.key = true

[calendars.regular.hours]
"mon-fri" = [
    "09:00-13:00",  # morning
    "14:00-17:00",
]
sat = ["09:00-12:00", "13:00-14:00"]

[[calendars.regular.closed]]
date = 2026-12-24

[[calendars.regular.closed]]
date = 2026-12-31
name = "Inventario"

[calendars.other]
open = [{ date = 2026-12-20, hours = ["10:00-12:00"] }, { date = 2026-12-21 }]
when = 1979-05-27 07:32:00
"""


@pytest.fixture(scope="module")
def locator() -> Locator:
    tomllib.loads(TEXT)  # the locator only ever sees valid TOML
    return Locator(TEXT)


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("format",), 2),
        (("policy",), 4),
        (("policy", "slug"), 5),
        (("policy", "quoted.key"), 6),
        (("policy", 'escaped "key"'), 7),
        (("policy", "description"), 8),
        (("calendars",), 13),
        (("calendars", "regular"), 13),
        (("calendars", "regular", "dotted", "deep", "key"), 15),
        (("calendars", "regular", "hours"), 17),
        (("calendars", "regular", "hours", "mon-fri"), 18),
        (("calendars", "regular", "hours", "mon-fri", 0), 19),
        (("calendars", "regular", "hours", "mon-fri", 1), 20),
        (("calendars", "regular", "hours", "sat", 1), 22),
        (("calendars", "regular", "closed"), 24),
        (("calendars", "regular", "closed", 0, "date"), 25),
        (("calendars", "regular", "closed", 1), 27),
        (("calendars", "regular", "closed", 1, "name"), 29),
        (("calendars", "other", "open", 0, "hours", 0), 32),
        (("calendars", "other", "open", 1, "date"), 32),
        (("calendars", "other", "when"), 33),
    ],
)
def test_finds_the_line_of_a_path(locator, path, line):
    assert locator.line(path) == line


def test_a_path_not_written_gives_its_nearest_ancestor(locator):
    assert locator.line(("calendars", "regular", "closed", 1, "missing")) == 27
    assert locator.line(("calendars", "nowhere", "name")) == 13


def test_a_path_with_no_written_ancestor_has_no_line(locator):
    assert locator.line(("sla", "targets")) is None
    assert locator.line(()) is None


def test_text_it_cannot_follow_keeps_what_it_found():
    locator = Locator('a = 1\n[b]\nc = "unterminated\n')
    assert locator.line(("a",)) == 1
    assert locator.line(("b", "c")) == 3
