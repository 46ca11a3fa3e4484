"""Money for billing: amounts, discounts and billed time, in ``Decimal`` only. No Django here.

Rules every charge follows, so any line can be recomputed from its stored inputs:

- **No float anywhere.** Amounts, quantities, factors and percents are ``Decimal`` (or ``int``);
  a ``float`` raises ``BillingError(code="float_not_allowed")``.
- **One currency per operation.** Adding, subtracting or comparing two currencies raises
  ``BillingError(code="currency_mismatch")``; nothing converts currencies.
- **Rounding** is ``ROUND_HALF_UP`` to the currency's minor unit (``MINOR_UNITS``), and it happens
  only where a value is shown on a line: the gross (unit price x quantity), each discount's
  amount, and a time entry's charge. Intermediate products keep full precision.
- **Discounts compound in the order given**, each on the running amount left by the previous
  one. Billing passes them as ``billing_discounts`` orders them: the plan-tier discount first
  (CustomSoft's 10 %/15 %/15 %, JQ's subscription level), then the cloud-edition discount
  (Sisnova's 40 % for WEB clients). So 15 % then 40 % is 49 % off, not 55 %.
- **Time** is billed rounded *up* to the plan's fraction of an hour at the hourly rate the caller
  picks (JQ: "por hora o fracción", at the year's rate).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "MINOR_UNITS",
    "BillingError",
    "Discount",
    "DiscountStep",
    "Line",
    "Money",
    "bill_time",
    "billing_discounts",
    "price_line",
]

# Digits after the decimal point on an invoice. COP has 2 in law although invoices often show 0;
# we keep 2 so cents are never lost, and the edge may display without them.
MINOR_UNITS: dict[str, int] = {"COP": 2, "MXN": 2, "USD": 2, "PAB": 2}

_CANONICAL_AMOUNT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_HUNDRED = Decimal(100)
_MINUTES_PER_HOUR = 60


class BillingError(ValueError):
    """Bad input to billing arithmetic. ``code`` names the problem for translated messages."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def _exact(value: object, what: str) -> Decimal:
    """``value`` as a finite Decimal; ints are exact, floats (and anything else) are refused."""
    if isinstance(value, float):
        raise BillingError("float_not_allowed", f"{what} must be a Decimal, not a float: {value!r}")
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if not isinstance(value, Decimal) or not value.is_finite():
        raise BillingError("not_a_decimal", f"{what} must be a finite Decimal: {value!r}")
    return value


@dataclass(frozen=True)
class Money:
    """An amount in one ISO 4217 currency. Full precision until ``quantize()``."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", _exact(self.amount, "amount"))
        if self.currency not in MINOR_UNITS:
            known = ", ".join(sorted(MINOR_UNITS))
            raise BillingError(
                "unknown_currency", f"unknown currency {self.currency!r} (known: {known})"
            )

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    @classmethod
    def parse(cls, text: str, currency: str) -> Money:
        """Read a canonical amount: optional ``-``, digits, ``.`` and at most the currency's minor
        digits, as ``"1234567.89"``. No thousands separators, no comma decimals
        (``"1.234.567,89"`` is refused), no exponent: ``"1.234"`` in COP is refused rather than
        silently read as one peso and change."""
        cls.zero(currency)  # an unknown currency is named as such, before the amount's digits
        places = MINOR_UNITS[currency]
        decimals = text.partition(".")[2]
        if not _CANONICAL_AMOUNT.fullmatch(text) or len(decimals) > places:
            raise BillingError(
                "bad_amount",
                f"{text!r} is not a canonical {currency} amount like '1234567.89'",
                text=text,
            )
        return cls(Decimal(text), currency)

    def quantize(self) -> Money:
        """Rounded ROUND_HALF_UP to the currency's minor unit (0.005 -> 0.01, -0.005 -> -0.01)."""
        step = Decimal(1).scaleb(-MINOR_UNITS[self.currency])
        rounded = self.amount.quantize(step, rounding=ROUND_HALF_UP) + 0  # + 0: no "-0.00"
        return Money(rounded, self.currency)

    def __str__(self) -> str:
        return f"{self.quantize().amount} {self.currency}"

    def _same_currency(self, other: Money) -> Decimal:
        if other.currency != self.currency:
            raise BillingError(
                "currency_mismatch",
                f"cannot combine {self.currency} with {other.currency}",
                currencies=(self.currency, other.currency),
            )
        return other.amount

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.amount + self._same_currency(other), self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.amount - self._same_currency(other), self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(self.amount * _exact(factor, "factor"), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other)

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same_currency(other)

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same_currency(other)

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same_currency(other)


@dataclass(frozen=True)
class Discount:
    """A percent off (0 to 100), with the label shown on the line, e.g. "Póliza Intermedia"."""

    label: str
    percent: Decimal

    def __post_init__(self) -> None:
        percent = _exact(self.percent, "percent")
        if not 0 <= percent <= _HUNDRED:
            raise BillingError("bad_percent", f"a discount is 0 to 100 %, not {percent}")
        object.__setattr__(self, "percent", percent)


def billing_discounts(
    plan_tier: Discount | None = None, cloud_edition: Discount | None = None
) -> tuple[Discount, ...]:
    """The discounts of a billing line in the documented order: plan tier, then cloud edition."""
    return tuple(d for d in (plan_tier, cloud_edition) if d is not None)


@dataclass(frozen=True)
class DiscountStep:
    """One discount as shown on a line: how much it took off, and what was left after it."""

    discount: Discount
    amount: Money
    after: Money


@dataclass(frozen=True)
class Line:
    """A priced line with every step shown. Build it with ``price_line``."""

    unit_price: Money
    quantity: Decimal
    discounts: tuple[Discount, ...]
    gross: Money
    steps: tuple[DiscountStep, ...]
    net: Money

    @property
    def total_discount(self) -> Money:
        return self.gross - self.net

    def recompute(self) -> Line:
        """The line priced again from its inputs; equal to ``self`` for any line from
        ``price_line``, since every step is a pure function of the inputs."""
        return price_line(self.unit_price, self.quantity, self.discounts)


def price_line(unit_price: Money, quantity: Decimal | int, discounts: Sequence[Discount]) -> Line:
    """Price ``quantity`` units at ``unit_price`` less ``discounts``, compounding in the order
    given (billing: plan tier first, then cloud edition; see ``billing_discounts``).

    Rounding (ROUND_HALF_UP, minor unit) happens at the end of each step: the gross is
    ``unit_price x quantity`` rounded; each discount's amount is ``running x percent / 100``
    rounded, and the running amount is reduced by exactly that shown amount. So the net is never
    negative, never above the gross, and the shown amounts always add up: gross - steps = net.
    """
    quantity = _exact(quantity, "quantity")
    if unit_price.amount < 0:
        raise BillingError("negative_price", f"a unit price cannot be negative: {unit_price}")
    if quantity < 0:
        raise BillingError("negative_quantity", f"a quantity cannot be negative: {quantity}")
    gross = (unit_price * quantity).quantize()
    running = gross
    steps: list[DiscountStep] = []
    for discount in discounts:
        off = (running * (discount.percent / _HUNDRED)).quantize()
        running = running - off
        steps.append(DiscountStep(discount, off, running))
    return Line(unit_price, quantity, tuple(discounts), gross, tuple(steps), running)


def bill_time(minutes: int, fraction_minutes: int, hourly_rate: Money) -> tuple[int, Money]:
    """Minutes worked, billed as the smallest multiple of ``fraction_minutes`` (60, 30, 15 or any
    divisor of 60) not below them, at ``hourly_rate`` pro rata, rounded to the minor unit once.

    61 minutes at a 30-minute fraction bills 90; 0 minutes bills 0. The caller picks the rate of
    the year the work was done (JQ's "tarifa ... para el año en curso")."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise BillingError("bad_minutes", f"minutes must be a whole number: {minutes!r}")
    if minutes < 0:
        raise BillingError("negative_minutes", f"minutes cannot be negative: {minutes}")
    if (
        isinstance(fraction_minutes, bool)
        or not isinstance(fraction_minutes, int)
        or not 0 < fraction_minutes <= _MINUTES_PER_HOUR
        or _MINUTES_PER_HOUR % fraction_minutes
    ):
        raise BillingError(
            "bad_fraction", f"a billing fraction must divide 60 minutes: {fraction_minutes!r}"
        )
    if hourly_rate.amount < 0:
        raise BillingError("negative_price", f"an hourly rate cannot be negative: {hourly_rate}")
    billed = -(-minutes // fraction_minutes) * fraction_minutes
    charge = Money(hourly_rate.amount * billed / _MINUTES_PER_HOUR, hourly_rate.currency)
    return billed, charge.quantize()
