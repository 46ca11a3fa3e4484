"""Shared helpers for the policy file tests: a file writer, a rich example and a row snapshot."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from tiquetera.calendars.models import Calendar, CalendarDate
from tiquetera.policy.models import Policy
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.schema import PolicyDocument, parse_policy
from tiquetera.policy.services import LoadReport, load_policy

PRESETS = ["customsoft", "isys", "jq-systems", "sisnova", "soho-apps"]

# A policy using every key of the format: two calendars, closed and open dates, a split shift.
EXAMPLE = """\
# An example vendor
format = 1

[policy]
slug = "acme"
name = "Acme Soporte"
country = "CO"
time_zone = "America/Bogota"
language = "es"
description = "Soporte de ejemplo."

[calendars.regular]
name = "Horario regular"
default = true

[calendars.regular.hours]
"mon-fri" = ["09:00-13:00", "14:00-17:00"]
sat = ["09:00-12:00"]

[[calendars.regular.closed]]
date = 2026-12-24
name = "Cierre de fin de año"

[[calendars.regular.closed]]
date = 2026-12-31
name = "Inventario"

[[calendars.regular.open]]
date = 2026-12-20
hours = ["10:00-12:00"]

[[calendars.regular.open]]
date = 2026-12-08
name = "Inmaculada Concepción, abierto"

[calendars.urgent]
name = "Urgencias"
time_zone = "America/Panama"
country = ""

[calendars.urgent.hours]
"mon-sun" = ["08:00-20:00"]
"""


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., str]:
    """write(text, name="policy.toml") -> the path of a file holding `text`."""

    def write_file(text: str, name: str = "policy.toml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write_file


def load_text(text: str, source: str = "test") -> LoadReport:
    return load_policy(parse_policy(text, source), source=source)


def document(text: str) -> PolicyDocument:
    return parse_policy(text, "test.toml")


def snapshot(*, revisions: bool = True) -> dict[str, Any]:
    """Every policy, calendar and date row as plain values (no ids), to compare states."""
    calendar_fields = ["policy__slug", "key", "name", "time_zone", "country", "subdivision"]
    calendar_fields += ["week", "is_default"] + (["revision"] if revisions else [])
    return {
        "policies": list(
            Policy.objects.order_by("slug").values(
                "slug", "name", "country", "time_zone", "language", "description"
            )
        ),
        "calendars": list(
            Calendar.objects.order_by("policy__slug", "key").values(*calendar_fields)
        ),
        "dates": list(
            CalendarDate.objects.order_by("calendar__policy__slug", "calendar__key", "date").values(
                "calendar__policy__slug", "calendar__key", "date", "kind", "name", "hours"
            )
        ),
    }


@pytest.fixture
def english():
    """Messages in English, so tests can match their words."""
    with translation.override("en"):
        yield


def problems(text: str) -> list[str]:
    """The problem lines of checking `text` as the file acme.toml (which must fail)."""
    with pytest.raises(PolicyFileError) as error:
        parse_policy(text, "acme.toml")
    return error.value.lines()
