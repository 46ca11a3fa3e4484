"""The [plans.KEY] section: the plan catalogue (contracts.Plan and its PlanQuota rows).

Money and percentages become `Decimal` exactly, never through a float: prices are written as
text (`price = "2450.00"`), percentages as a whole number or text (`cloud_discount = 40`,
`extra_services_discount = "12.5"`). The checks say in the file what `contracts.save_plan` and
`Plan.clean` would refuse, with the same words where they have some.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import BeforeValidator, Field
from pydantic_core import PydanticCustomError

from tiquetera.billing.money import MINOR_UNITS
from tiquetera.contracts.errors import MESSAGES as CONTRACTS_MESSAGES
from tiquetera.policy.fields import SLUG, Strict
from tiquetera.policy.problems import FieldPath, Problem

# The choices of contracts.Plan, as the file writes them (the database values).
SERVICE_TYPES = ("subscription", "contractual_hourly", "per_event")
PERIODS = {"monthly": 1, "annual": 12}  # months, as contracts.models.PERIOD_MONTHS
WHEN_EXHAUSTED = ("extra_ticket", "extra_on_request", "per_event_po", "per_event_quote", "refuse")
BILLING_FRACTIONS = (60, 30, 15)
CURRENCIES = tuple(sorted(MINOR_UNITS))  # the ones billing can price in
MAX_RANK = 32767  # a PositiveSmallIntegerField

_PRIORITY = re.compile(r"[A-Z][A-Z0-9]{0,7}")  # contracts.models.priority_code
_AMOUNT = re.compile(r"[0-9]{1,12}(\.[0-9]{1,2})?")  # max_digits 14, decimal_places 2
_PERCENT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,2})?")  # max_digits 5, decimal_places 2
_HUNDRED = Decimal(100)


# --- money and percentages, exactly --------------------------------------------------------------
def _amount(value: object) -> Decimal:
    """A price written as text such as "2450.00"; anything else is refused in plain words."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise PydanticCustomError(
            "policy_value",
            _('Must be an amount in quotes such as "2450.00", not %(value)s.')
            % {"value": _shown(value)},
        )
    if not isinstance(value, str):
        raise PydanticCustomError(
            "policy_value",
            _(
                'Write the amount in quotes, such as "%(value)s", so it is kept exactly '
                "(a number without quotes may be rounded)."
            )
            % {"value": _suggested(value, cents=True)},
        )
    if not _AMOUNT.fullmatch(value):
        raise PydanticCustomError(
            "policy_value",
            _(
                "“%(value)s” is not an amount such as 2450.00: digits, a point and at most two "
                "decimals, not negative, no thousands separators."
            )
            % {"value": value},
        )
    return Decimal(value)


def _percent(value: object) -> Decimal:
    """A percentage 0–100 written as a whole number (15) or as text ("12.5")."""
    if isinstance(value, float):
        raise PydanticCustomError(
            "policy_value",
            _(
                'Write a percentage with decimals in quotes, such as "%(value)s", so it is kept '
                "exactly; a whole number needs no quotes."
            )
            % {"value": _suggested(value, cents=False)},
        )
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PydanticCustomError(
            "policy_value",
            _('Must be a percentage such as 15 or "12.5", not %(value)s.')
            % {"value": _shown(value)},
        )
    text = str(value)
    if not _PERCENT.fullmatch(text) or Decimal(text) > _HUNDRED:
        raise PydanticCustomError(
            "policy_value",
            _("“%(value)s” is not a percentage from 0 to 100 with at most two decimals.")
            % {"value": text},
        )
    return Decimal(text)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    return str(value)


def _suggested(value: int | float, *, cents: bool) -> str:
    """How `value` reads as text: 2450 -> "2450.00" (cents) ; 12.5 -> "12.5" (as written)."""
    try:
        number = Decimal(repr(value))
    except InvalidOperation:
        return repr(value)
    return f"{number:.2f}" if cents else str(number)


Amount = Annotated[Decimal, BeforeValidator(_amount)]
# TOML has no null: a price left out is None, one written is checked whole (no union member
# in the error's path)
OptionalAmount = Annotated[Decimal | None, BeforeValidator(_amount)]
Percent = Annotated[Decimal, BeforeValidator(_percent)]


# --- [plans.KEY] -------------------------------------------------------------------------------
class PlanSpec(Strict):
    """One plan of the catalogue; every field of contracts.Plan, with its default."""

    name: str = Field(min_length=1, max_length=100)
    service_type: str = "subscription"
    rank: int = 100  # 1 is served first
    billing_period: str = "monthly"
    quota_period: str = "monthly"
    total_cap: int | None = None  # None: no total cap
    quotas: dict[str, int] = Field(default_factory=dict)  # priority -> cap; 0: not included
    severities: list[str] = Field(default_factory=list)
    channels: list[str] = Field(default_factory=list)
    onsite_visits_per_month: int = 0
    onsite_local_only: bool = False  # CustomSoft: "Aplica solo para clientes locales"
    extra_services_discount: Percent = Decimal(0)
    tier_discount_on_fee: bool = False  # the discount on extra services also discounts the fee
    price: Amount = Decimal(0)  # the fee per billing period; 0.00: no fee is billed
    currency: str
    edition: str = Field(default="", max_length=32)  # "": any edition
    cloud_edition: str = Field(default="", max_length=32)
    cloud_discount: Percent = Decimal(0)
    cloud_discount_on_fee: bool = False  # Sisnova: the 40 % WEB discount applies to the fee
    includes_bug_fixes: bool = True
    includes_new_features: bool = False
    extra_ticket_price: OptionalAmount = None
    per_event_price: OptionalAmount = None
    onsite_price: OptionalAmount = None  # a visit beyond onsite_visits_per_month
    travel_expenses: OptionalAmount = None  # flat, per visit to a client out of town
    hourly_rate: OptionalAmount = None
    billing_fraction_minutes: int = 60
    when_exhausted: str = "extra_ticket"
    legacy: bool = False

    def problems(self, key: str) -> Iterator[Problem]:
        """What `contracts.save_plan` would refuse, said at the key that is wrong."""
        at: FieldPath = ("plans", key)
        if not SLUG.fullmatch(key) or len(key) > 50:
            yield Problem(
                at,
                _(
                    "“%(value)s” is not a plan identifier: use letters, digits, hyphens and "
                    "underscores, such as intermedia."
                )
                % {"value": key},
            )
        yield from _choice(self.service_type, SERVICE_TYPES, (*at, "service_type"))
        if not 0 <= self.rank <= MAX_RANK:
            yield Problem(
                (*at, "rank"),
                _("The rank must be a whole number from 0 to %(max)s (1 is served first).")
                % {"max": MAX_RANK},
            )
        yield from _choice(self.billing_period, tuple(PERIODS), (*at, "billing_period"))
        yield from _choice(self.quota_period, tuple(PERIODS), (*at, "quota_period"))
        if PERIODS.get(self.quota_period, 0) > PERIODS.get(self.billing_period, 12):
            yield Problem(
                (*at, "quota_period"),
                str(CONTRACTS_MESSAGES["quota_longer_than_billing"]) % {"value": self.quota_period},
            )
        if self.total_cap is not None and self.total_cap < 0:
            yield _negative(at, "total_cap", self.total_cap)
        for priority, cap in self.quotas.items():
            if not _PRIORITY.fullmatch(priority):
                yield Problem((*at, "quotas", priority), _not_a_priority(priority))
            if cap < 0:
                yield _negative(at, f"quotas.{priority}", cap, (*at, "quotas", priority))
        yield from _codes(self.severities, (*at, "severities"))
        yield from _channels(self.channels, (*at, "channels"))
        if self.onsite_visits_per_month < 0:
            yield Problem(
                (*at, "onsite_visits_per_month"),
                _("Cannot be negative (%(value)s).") % {"value": self.onsite_visits_per_month},
            )
        if self.currency not in CURRENCIES:
            yield Problem(
                (*at, "currency"),
                _(
                    "“%(value)s” is not a supported currency: write an ISO 4217 code among "
                    "%(choices)s."
                )
                % {"value": self.currency, "choices": ", ".join(CURRENCIES)},
            )
        if self.billing_fraction_minutes not in BILLING_FRACTIONS:
            yield Problem(
                (*at, "billing_fraction_minutes"),
                _("%(value)s is not a billing fraction: time is billed per 60, 30 or 15 minutes.")
                % {"value": self.billing_fraction_minutes},
            )
        yield from _choice(self.when_exhausted, WHEN_EXHAUSTED, (*at, "when_exhausted"))
        # the same words as contracts.models.Plan.clean
        extra = self.when_exhausted in ("extra_ticket", "extra_on_request")
        if extra and self.extra_ticket_price is None:
            yield Problem(
                (*at, "extra_ticket_price"),
                _(
                    "Give the price of an extra ticket, or choose another "
                    "rule for when nothing is left."
                ),
            )
        per_event = self.when_exhausted in ("per_event_po", "per_event_quote")
        if per_event and self.per_event_price is None:
            yield Problem(
                (*at, "per_event_price"),
                _(
                    "Give the price of a per-event service, or choose another "
                    "rule for when nothing is left."
                ),
            )
        if self.service_type == "contractual_hourly" and self.hourly_rate is None:
            yield Problem(
                (*at, "hourly_rate"), _("A contractual (hourly) plan needs its hourly rate.")
            )
        if self.cloud_discount_on_fee and not self.cloud_discount:
            yield Problem(
                (*at, "cloud_discount_on_fee"),
                _("There is no cloud discount to apply to the fee: give cloud_discount."),
            )
        if self.cloud_discount and not self.cloud_edition:
            yield Problem(
                (*at, "cloud_edition"), _("Name the cloud edition the cloud discount is for.")
            )

    def quota_rows(self) -> dict[str, int]:
        """The caps per priority, sorted by priority (as the database lists them)."""
        return dict(sorted(self.quotas.items()))


def plans_warnings(plans: Mapping[str, PlanSpec]) -> Iterator[Problem]:
    """Prices of 0.00 that a client would be charged: allowed (a free service is possible), but
    usually a placeholder someone forgot, so `policy check` says so without refusing."""
    for key, plan in plans.items():
        charged = {
            "extra_ticket_price": plan.when_exhausted in ("extra_ticket", "extra_on_request"),
            "per_event_price": plan.when_exhausted in ("per_event_po", "per_event_quote"),
            "hourly_rate": plan.service_type == "contractual_hourly",
        }
        for field, used in charged.items():
            if used and getattr(plan, field) == 0:
                yield Problem(
                    ("plans", key, field),
                    _("The price is 0.00: clients would be charged nothing. Is it a placeholder?"),
                )


def plans_problems(plans: Mapping[str, PlanSpec]) -> Iterator[Problem]:
    """What is wrong with the section: each plan's own problems (a policy may have no plan)."""
    for key, plan in plans.items():
        yield from plan.problems(key)


# --- helpers of the checks ---------------------------------------------------------------------
def _choice(value: str, choices: tuple[str, ...], path: FieldPath) -> Iterator[Problem]:
    if value not in choices:
        yield Problem(
            path,
            _("“%(value)s” is not one of %(choices)s.")
            % {"value": value, "choices": ", ".join(choices)},
        )


def _negative(at: FieldPath, field: str, cap: int, path: FieldPath | None = None) -> Problem:
    message = str(CONTRACTS_MESSAGES["negative_cap"]) % {"field": field, "value": cap}
    return Problem(path or (*at, field), message)


def _not_a_priority(value: str) -> str:
    return _(
        "“%(value)s” is not a priority or severity code such as P1 or S3: a capital letter, "
        "then capital letters or digits (at most 8)."
    ) % {"value": value}


def _codes(codes: list[str], path: FieldPath) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if not _PRIORITY.fullmatch(code):
            yield Problem((*path, index), _not_a_priority(code))
        elif code in seen:
            yield Problem((*path, index), _("“%(value)s” is listed twice.") % {"value": code})
        seen.add(code)


def _channels(channels: list[str], path: FieldPath) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, channel in enumerate(channels):
        if not SLUG.fullmatch(channel):
            yield Problem(
                (*path, index),
                _("“%(value)s” is not a channel name such as portal, email or whatsapp.")
                % {"value": channel},
            )
        elif channel in seen:
            yield Problem((*path, index), _("“%(value)s” is listed twice.") % {"value": channel})
        seen.add(channel)
