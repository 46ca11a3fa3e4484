"""What the policy file's tables are built from: `Strict`, field types, zone and country checks."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as StrPromise

from tiquetera.calendars.engine import CalendarError
from tiquetera.calendars.errors import describe

from .problems import FieldPath, Problem

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_COUNTRY = re.compile(r"[A-Z]{2}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,4})?")


class Strict(BaseModel):
    """Every table of the file: unknown keys are errors, and values must have the TOML type
    (a date unquoted, true/false, text in quotes)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# --- field types with plain-words errors -------------------------------------------------------
def _pattern(regex: re.Pattern[str], message: StrPromise, *, blank: bool = False) -> AfterValidator:
    """A check that the value matches `regex` (or is "" when `blank`); `message` is translated
    when the check fails."""

    def check(value: str) -> str:
        if not (blank and value == "") and not regex.fullmatch(value):
            raise PydanticCustomError("policy_value", str(message) % {"value": value})
        return value

    return AfterValidator(check)


Slug = Annotated[
    str,
    Field(max_length=50),
    _pattern(
        SLUG,
        gettext_lazy(
            "“%(value)s” is not an identifier: use letters, digits, hyphens and underscores, "
            "such as jq-systems."
        ),
    ),
]
Country = Annotated[  # "" means no national holidays
    str,
    _pattern(
        _COUNTRY,
        gettext_lazy(
            "“%(value)s” is not a country code: write two capital letters such as CO, "
            'or "" for no national holidays.'
        ),
        blank=True,
    ),
]
Language = Annotated[
    str,
    Field(max_length=8),
    _pattern(_LANGUAGE, gettext_lazy("“%(value)s” is not a language code such as es or en.")),
]


def _moment(value: Any) -> dt.date:
    """A TOML date (2027-07-01) or date-time (2027-07-01T08:00:00, with or without an offset)."""
    if not isinstance(value, dt.date):
        raise PydanticCustomError(
            "policy_value",
            str(
                _(
                    "Must be a date such as 2027-07-01 or a date and time such as "
                    "2027-07-01T08:00:00, without quotes, not %(value)s."
                )
            )
            % {"value": f"“{value}”" if isinstance(value, str) else value},
        )
    return value


# [policy] effective_from: a date or date-time, read in the policy's time zone
EffectiveFrom = Annotated[dt.date, PlainValidator(_moment)]


# --- checks shared by [policy] and the sections ------------------------------------------------
def time_zone_problems(value: str, path: FieldPath) -> list[Problem]:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return [Problem(path, describe(CalendarError("unknown_timezone", "", value=value)))]
    return []


def country_problems(
    country: str, subdivision: str, country_path: FieldPath, subdivision_path: FieldPath
) -> list[Problem]:
    """`country_path` is () when the value is inherited (its problem is reported where it is
    written); `subdivision_path` is () when there is no subdivision to check."""
    if not country:
        if subdivision and subdivision_path:
            return [
                Problem(
                    subdivision_path,
                    _("A subdivision needs a country; this calendar has no national holidays."),
                )
            ]
        return []
    try:
        holidays_lib.country_holidays(country)
    except NotImplementedError:
        if not country_path:
            return []
        error = CalendarError("unknown_country", "", value=country)
        return [Problem(country_path, describe(error))]
    if subdivision and subdivision_path:
        try:
            holidays_lib.country_holidays(country, subdiv=subdivision)
        except NotImplementedError:
            return [
                Problem(
                    subdivision_path,
                    _("“%(value)s” is not a subdivision of %(country)s with known holidays.")
                    % {"value": subdivision, "country": country},
                )
            ]
    return []
