"""A mistake in a policy file is reported with the file, the line and the field path, in plain
words, and every mistake of the file is reported at once."""

import pytest

from .conftest import EXAMPLE, problems

pytestmark = pytest.mark.usefixtures("english")


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        (
            '"mon-fri" = ["09:00-13:00", "14:00-17:00"]',
            '"mon-fri" = ["09:00-13:00", "14:00-17:00"]\nmonday = ["09:00-10:00"]',
            "calendars.regular.hours.monday",
            "“monday” is not a day or a range of days",
        ),
        (
            "[calendars.regular.hours]",
            "[calendars.regular.hour]",
            "calendars.regular.hour",
            "Unknown key “hour”; did you mean “hours”?",
        ),
        (
            '"mon-fri" = ["09:00-13:00", "14:00-17:00"]',
            '"mon-fri" = ["09:00-13:00", "14:00-11:00"]',
            "calendars.regular.hours.mon-fri[1]",
            "“14:00-11:00” is not a working interval",
        ),
        (
            '"mon-fri" = ["09:00-13:00", "14:00-17:00"]',
            '"mon-fri" = ["09:00-13:00", "12:00-17:00"]',
            "calendars.regular.hours.mon-fri[1]",
            "“12:00-17:00” overlaps “09:00-13:00”",
        ),
        (
            'time_zone = "America/Panama"',
            'time_zone = "America/Bogotá"',
            "calendars.urgent.time_zone",
            "“America/Bogotá” is not a known time zone",
        ),
        (
            'country = ""',
            'country = "XX"',
            "calendars.urgent.country",
            "no national holidays for the country “XX”",
        ),
        (
            'sat = ["09:00-12:00"]',
            '"fri-sat" = ["09:00-12:00"]',
            "calendars.regular.hours.fri-sat",
            "fri is already listed under “mon-fri”",
        ),
        (
            "date = 2026-12-31",
            "date = 2026-12-24",
            "calendars.regular.closed[1].date",
            "2026-12-24 is listed twice",
        ),
        (
            "date = 2026-12-20",
            'date = "2026-12-20"',
            "calendars.regular.open[0].date",
            "Must be a date such as 2026-12-24, without quotes",
        ),
        (
            'name = "Urgencias"',
            'name = "Urgencias"\ndefault = true',
            "calendars.urgent.default",
            "Only one calendar can be the default one, and “regular” already is.",
        ),
        (
            'name = "Urgencias"',
            'name = "Urgencias"\nsubdivision = "ANT"',
            "calendars.urgent.subdivision",
            "A subdivision needs a country",
        ),
        (
            'slug = "acme"',
            'slug = "acme corp"',
            "policy.slug",
            "“acme corp” is not an identifier",
        ),
    ],
)
def test_errors_name_the_file_the_line_and_the_path(old, new, path, words):
    text = EXAMPLE.replace(old, new, 1)
    assert text != EXAMPLE
    [problem] = problems(text)
    line = line_of(EXAMPLE, old) + new.count("\n")  # the last line of the replacement
    assert problem.startswith(f"acme.toml:{line}: {path}: ")
    assert words in problem


def test_a_toml_syntax_error_gives_line_and_column():
    text = EXAMPLE.replace('name = "Urgencias"', 'name = "Urgencias')
    [problem] = problems(text)
    line = line_of(text, 'name = "Urgencias')
    assert problem.startswith(f"acme.toml:{line}:")
    assert "This is not valid TOML" in problem


def test_a_missing_key_points_at_its_table():
    text = EXAMPLE.replace('name = "Urgencias"\n', "")
    assert problems(text) == [
        f"acme.toml:{line_of(text, '[calendars.urgent]')}: calendars.urgent.name: "
        "This key is required."
    ]


def test_a_file_without_a_default_calendar_is_refused():
    text = EXAMPLE.replace("default = true\n", "")
    assert problems(text) == [
        f"acme.toml:{line_of(text, '[calendars.regular]')}: calendars: "
        "No calendar is the default one: set default = true on exactly one calendar."
    ]


def test_an_open_date_on_a_day_without_hours_must_give_its_hours():
    text = EXAMPLE.replace("date = 2026-12-08", "date = 2026-12-13")  # a Sunday
    [problem] = problems(text)
    assert problem.startswith(f"acme.toml:{line_of(text, 'date = 2026-12-13') - 1}: ")
    assert "calendars.regular.open[1]: The open date 2026-12-13" in problem


def test_a_bad_policy_country_is_reported_once_where_it_is_written():
    text = EXAMPLE.replace('country = "CO"', 'country = "XX"')
    [problem] = problems(text)
    assert problem.startswith(f"acme.toml:{line_of(text, 'country = ')}: policy.country: ")


def test_every_mistake_is_reported_in_line_order():
    text = EXAMPLE.replace('"mon-sun"', '"mon-sunday"')
    text = text.replace('time_zone = "America/Panama"', 'time_zone = "Mars/Base"')
    text = text.replace("date = 2026-12-31", "date = 2026-12-24")
    assert [p.split(": ")[1] for p in problems(text)] == [
        "calendars.regular.closed[1].date",
        "calendars.urgent.time_zone",
        "calendars.urgent.hours.mon-sunday",
    ]


def test_shape_mistakes_are_reported_before_meaning_is_checked():
    """Until every key and type is right, meaning (zones, intervals ...) is not checked."""
    text = EXAMPLE.replace('country = "CO"', 'country = "co"').replace('"mon-sun"', '"mon-sunday"')
    text = text.replace("default = true", 'default = "yes"')
    assert [p.split(": ")[1] for p in problems(text)] == [
        "policy.country",
        "calendars.regular.default",
    ]


def test_sections_this_version_does_not_know_are_unknown_keys():
    [problem] = problems(EXAMPLE + "\n[escalations]\nfirst_response = 60\n")
    assert problem.endswith("escalations: Unknown key “escalations”.")


def test_the_format_version_is_required():
    [problem] = problems(EXAMPLE.replace("format = 1\n", ""))
    assert problem == "acme.toml: format: This key is required."
