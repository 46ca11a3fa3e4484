"""Read paths of the contracts app: what is left, whose contracts, whether counters add up."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from tiquetera.core.permissions import is_agent
from tiquetera.core.queries import Prepared
from tiquetera.directory.models import Contact, Organization

from .models import Consumption, Contract, EntitlementCounter, EntitlementPeriod
from .periods import local_date, period_containing
from .services import RENEWABLE

LIVE_COVERED = Q(consumptions__outcome=Consumption.Outcome.COVERED) & Q(
    consumptions__credited_at__isnull=True
)


def visible_organization(organization_id: int, viewer: Any) -> Organization | None:
    """The organization if `viewer` may see it: agents see every one, a client's contact only
    their own; anyone else sees none."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None or is_agent(viewer):
        return organization
    if (
        getattr(viewer, "is_authenticated", False)
        and Contact.objects.filter(
            user_id=viewer.pk, organization=organization, is_active=True
        ).exists()
    ):
        return organization
    return None


def contracts_of(organization: Organization, viewer: Any) -> QuerySet[Contract]:
    """The organization's contracts, newest first, as `viewer` may see them (tenant isolation:
    agents see all; a contact of another organization, or anyone else, sees nothing)."""
    if visible_organization(organization.pk, viewer) is None:
        return Contract.objects.none()
    return (
        Contract.objects.filter(organization=organization)
        .select_related("plan")
        .order_by("-start", "-pk")
    )


class Limit:
    """Which limit decides what is usable on an allowance line."""

    NONE = ""  # no cap at all
    PRIORITY = "priority"  # the priority's own cap
    TOTAL = "total"  # the plan's total cap leaves less than the priority's cap


@dataclass(frozen=True)
class AllowanceLine:
    """One counter: `cap` None = no cap (then `left` is None too); cap 0 = not included.

    `left` is what the counter itself has left; `usable` is what a case can really take:
    min(priority left, total left), since both caps apply (CustomSoft's Intermedia, seed 001:
    "Hasta 14 eventos" and 6 + 5 + 4 = 15). `limited_by` says which limit decides it, and
    `total_cap` is the plan's total (for "the plan's total (14) is used up")."""

    priority: str | None
    cap: int | None
    used: int
    total_cap: int | None = None
    total_used: int = 0

    @property
    def left(self) -> int | None:
        return None if self.cap is None else max(self.cap - self.used, 0)

    @property
    def included(self) -> bool:
        return self.cap != 0

    @property
    def total_left(self) -> int | None:
        if self.priority is None or self.total_cap is None:
            return None
        return max(self.total_cap - self.total_used, 0)

    @property
    def usable(self) -> int | None:
        """What a case of this priority can take now; None = no limit at all."""
        if not self.included:
            return 0
        limits = [n for n in (self.left, self.total_left) if n is not None]
        return min(limits) if limits else None

    @property
    def limited_by(self) -> str:
        if not self.included:
            return Limit.PRIORITY
        left, total_left = self.left, self.total_left
        if total_left is not None and (left is None or total_left < left):
            return Limit.TOTAL
        return Limit.PRIORITY if left is not None else Limit.NONE

    @property
    def total_exhausted(self) -> bool:
        return self.limited_by == Limit.TOTAL and self.total_left == 0


@dataclass(frozen=True)
class ContractAllowance:
    contract: Contract
    starts: dt.date
    ends: dt.date  # the first day not covered
    total: AllowanceLine
    priorities: list[AllowanceLine]

    @property
    def last_day(self) -> dt.date:
        """The last day covered, as people say a period: "del 1 al 30 de noviembre"."""
        return self.ends - dt.timedelta(days=1)


def remaining_allowance(
    organization: Organization, at: dt.datetime | dt.date
) -> list[ContractAllowance]:
    """What is left in the quota period holding `at`, per contract in force (best tier first),
    per priority and in total; each priority's line also knows the total, so its `usable` is
    min(priority left, total left) and `limited_by` names the cap that binds. The one place
    that arithmetic lives: the CLI, the API, the portal and the desk only render it. Reads
    only: a period not opened yet shows its plan's caps unused.

    One statement (the portal's form shows it at every drawing): the contracts with their
    plan, their current period and its counters joined, a row per counter; a plan's caps are
    read only for a period not opened yet."""
    day = local_date(at, organization.time_zone)
    rows = _ALLOWANCE_ROWS.all(organization.pk, day, day, day, day)
    contracts: dict[int, tuple[Any, list[Any]]] = {}  # contracts with the columns annotated
    row: Any
    for row in rows:  # a row per counter of the contract's current period (one without any)
        first, same = contracts.setdefault(row.pk, (row, []))
        if row.period_id == first.period_id and row.counter_priority is not None:
            same.append(row)
    # the plan's caps are read only for a period not opened yet (an opened one has its own)
    prefetch_related_objects([c.plan for c, _ in contracts.values() if not c.period_id], "quotas")
    return [_allowance(contract, counters, day) for contract, counters in contracts.values()]


# what `remaining_allowance` reads of the current period and its counters, beside the contract
_PERIOD_COLUMNS = {
    "period_id": "id",
    "period_starts": "starts",
    "period_ends": "ends",
    "period_total_cap": "total_cap",
    "period_total_used": "total_used",
    "counter_priority": "counters__priority",
    "counter_cap": "counters__cap",
    "counter_used": "counters__used",
}


def _allowance_rows(organization_id: int, *day: dt.date) -> QuerySet[Contract]:
    """The contracts in force on `day` (given four times: the SQL's four places) with their
    plan, and a row per counter of the period holding `day` (one row without any)."""
    in_force = Q(end__isnull=True) | Q(end__gt=day[0]) | RENEWABLE
    now = Q(periods__starts__lte=day[1], periods__ends__gt=day[2])
    return (
        Contract.objects.filter(in_force, organization_id=organization_id, start__lte=day[3])
        .filter(status=Contract.Status.ACTIVE)
        .select_related("plan")
        .annotate(now=FilteredRelation("periods", condition=now))
        .annotate(**{name: F(f"now__{field}") for name, field in _PERIOD_COLUMNS.items()})
        .order_by("plan__tier_rank", "start", "pk", "-now__starts", "now__counters__priority")
    )


# shown at every drawing of the portal's case form: compiled once (core/queries.py)
_ALLOWANCE_ROWS = Prepared(_allowance_rows, int, dt.date, dt.date, dt.date, dt.date)


def _allowance(contract: Any, counters: list[Any], day: dt.date) -> ContractAllowance:
    """A contract's allowance from its row (with its current period's columns, if it has one)
    and the rows of that period's counters."""
    if contract.period_id is not None:
        cap, used = contract.period_total_cap, contract.period_total_used
        return ContractAllowance(
            contract,
            contract.period_starts,
            contract.period_ends,
            AllowanceLine(None, cap, used),
            [
                AllowanceLine(c.counter_priority, c.counter_cap, c.counter_used, cap, used)
                for c in counters
            ],
        )
    plan = contract.plan
    starts, ends = period_containing(contract.start, plan.quota_months, day)
    if contract.end is not None and contract.end > day:
        ends = min(ends, contract.end)
    return ContractAllowance(
        contract,
        starts,
        ends,
        AllowanceLine(None, plan.total_cap, 0),
        [
            AllowanceLine(q.priority, q.cap, 0, plan.total_cap, 0)
            for q in sorted(plan.quotas.all(), key=lambda q: q.priority)
        ],
    )


def find_organization(ref: str) -> list[Organization]:
    """Organizations matching an id, a tax id or a legal name (case-insensitive): one when the
    reference is unambiguous."""
    ref = ref.strip()
    if ref.isdigit() and (by_id := list(Organization.objects.filter(pk=int(ref)))):
        return by_id
    by_tax_id = list(Organization.objects.filter(tax_id__iexact=ref)) if ref else []
    return by_tax_id or list(Organization.objects.filter(legal_name__iexact=ref))


@dataclass(frozen=True)
class Mismatch:
    """A counter that does not equal the live covered consumptions it counts."""

    kind: str  # "total" or "priority"
    period_id: int
    priority: str | None
    counted: int
    live: int


def entitlement_mismatches() -> list[Mismatch]:
    """Every counter and period total that differs from its live (covered, not credited back)
    consumptions — empty when the books balance."""
    counters = (
        EntitlementCounter.objects.annotate(live=Count("consumptions", filter=LIVE_COVERED))
        .exclude(used=F("live"))
        .order_by("period_id", "priority")
    )
    periods = (
        EntitlementPeriod.objects.annotate(live=Count("consumptions", filter=LIVE_COVERED))
        .exclude(total_used=F("live"))
        .order_by("pk")
    )
    found = [Mismatch("total", p.pk, None, p.total_used, p.live) for p in periods]
    found += [Mismatch("priority", c.period_id, c.priority, c.used, c.live) for c in counters]
    return found
