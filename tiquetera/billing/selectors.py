"""Read paths of billing: an organization's monthly statement."""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet
from django.utils import timezone

from tiquetera.contracts.models import Consumption
from tiquetera.contracts.selectors import (
    ContractAllowance,
    remaining_allowance,
    visible_organization,
)
from tiquetera.directory.models import Organization

from .errors import BillingRefused
from .models import Charge, Quote

_MONTH_FORMAT = "%Y-%m"


@dataclass(frozen=True)
class DiscountShown:
    """One discount as it stands on a charge: label, percent, amount taken off."""

    label: str
    percent: Decimal
    amount: Decimal


@dataclass(frozen=True)
class StatementCharge:
    charge: Charge
    discounts: tuple[DiscountShown, ...]

    @property
    def discount_total(self) -> Decimal:
        return self.charge.gross - self.charge.net


@dataclass(frozen=True)
class Totals:
    """The month's live charges in one currency; gross - discounts = net."""

    currency: str
    gross: Decimal
    discounts: Decimal
    net: Decimal
    count: int


@dataclass(frozen=True)
class CoveredCount:
    priority: str
    cases: int


@dataclass(frozen=True)
class Statement:
    organization: Organization
    year: int
    month: int
    starts: dt.date
    ends: dt.date  # the first day after the month
    allowance_on: dt.date
    covered: list[CoveredCount]
    allowance: list[ContractAllowance]
    charges: list[StatementCharge]
    credited: list[StatementCharge]
    totals: list[Totals]

    @property
    def covered_total(self) -> int:
        return sum(c.cases for c in self.covered)

    @property
    def label(self) -> str:
        return self.starts.strftime(_MONTH_FORMAT)


def parse_month(text: str) -> tuple[int, int]:
    """`"2026-07"` -> (2026, 7); anything else is refused with code `bad_month`."""
    try:
        day = dt.datetime.strptime(text, _MONTH_FORMAT).date()
    except (TypeError, ValueError):
        raise BillingRefused("bad_month", value=text) from None
    if len(text) != len("YYYY-MM"):
        raise BillingRefused("bad_month", value=text)
    return day.year, day.month


def monthly_statement(
    organization: Organization, year: int, month: int, *, today: dt.date | None = None
) -> Statement:
    """The organization's statement for a calendar month in its own time zone: covered cases by
    priority (live consumptions, not credited back), what is left of its plans at the month's
    last day (or `today` while the month runs), the month's charges with each discount, credited
    charges apart, and totals per currency. Three queries plus remaining_allowance's."""
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise BillingRefused("bad_month", value=f"{year}-{month:02}")
    starts = dt.date(year, month, 1)
    ends = starts + dt.timedelta(days=calendar.monthrange(year, month)[1])
    zone = ZoneInfo(organization.time_zone)
    local_today = today or timezone.localdate(timezone=zone)
    allowance_on = min(max(local_today, starts), ends - dt.timedelta(days=1))

    covered_rows = (
        Consumption.objects.filter(
            organization=organization,
            outcome=Consumption.Outcome.COVERED,
            credited_at__isnull=True,
            created__gte=dt.datetime.combine(starts, dt.time(), tzinfo=zone),
            created__lt=dt.datetime.combine(ends, dt.time(), tzinfo=zone),
        )
        .values("priority")
        .annotate(cases=Count("pk"))
        .order_by("priority")
    )
    covered = [CoveredCount(row["priority"], row["cases"]) for row in covered_rows]

    charges = Charge.objects.filter(
        organization=organization, occurred_on__gte=starts, occurred_on__lt=ends
    ).order_by("occurred_on", "pk")
    live: list[StatementCharge] = []
    credited: list[StatementCharge] = []
    for charge in charges:
        shown = statement_charge(charge)
        (credited if charge.credited_at else live).append(shown)

    return Statement(
        organization=organization,
        year=year,
        month=month,
        starts=starts,
        ends=ends,
        allowance_on=allowance_on,
        covered=covered,
        allowance=remaining_allowance(organization, allowance_on),
        charges=live,
        credited=credited,
        totals=_totals(live),
    )


def statement_charge(charge: Charge) -> StatementCharge:
    """A charge as a statement shows it: with each discount read back."""
    return StatementCharge(charge, _discounts(charge))


def quotes_of(organization: Organization, *, viewer: Any) -> QuerySet[Quote]:
    """The organization's quotes, newest first, for `viewer` (agents, or the organization's own
    contacts; anyone else sees none)."""
    if visible_organization(organization.pk, viewer) is None:
        return Quote.objects.none()
    return Quote.objects.filter(organization=organization).order_by("-created_at", "-pk")


def _discounts(charge: Charge) -> tuple[DiscountShown, ...]:
    return tuple(
        DiscountShown(d["label"], Decimal(d["percent"]), Decimal(d["amount"]))
        for d in charge.discounts
    )


def _totals(charges: list[StatementCharge]) -> list[Totals]:
    sums: dict[str, list[Decimal]] = {}
    counts: dict[str, int] = {}
    for line in charges:
        charge = line.charge
        gross, net = sums.setdefault(charge.currency, [Decimal(0), Decimal(0)])
        sums[charge.currency] = [gross + charge.gross, net + charge.net]
        counts[charge.currency] = counts.get(charge.currency, 0) + 1
    return [
        Totals(currency, gross, gross - net, net, counts[currency])
        for currency, (gross, net) in sorted(sums.items())
    ]
