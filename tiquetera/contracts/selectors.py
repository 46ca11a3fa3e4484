"""Read paths of the contracts app: what is left, whose contracts, whether counters add up."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects

from tiquetera.core.permissions import is_agent
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
    only: a period not opened yet shows its plan's caps unused."""
    day = local_date(at, organization.time_zone)
    in_force = Q(end__isnull=True) | Q(end__gt=day) | RENEWABLE
    current = EntitlementPeriod.objects.filter(starts__lte=day, ends__gt=day).prefetch_related(
        Prefetch("counters", queryset=EntitlementCounter.objects.order_by("priority"))
    )
    contracts = list(
        Contract.objects.filter(in_force, organization=organization, start__lte=day)
        .filter(status=Contract.Status.ACTIVE)
        .select_related("plan")
        .prefetch_related(Prefetch("periods", queryset=current, to_attr="now"))
        .order_by("plan__tier_rank", "start", "pk")
    )
    # the plan's caps are read only for a period not opened yet (an opened one has its own)
    prefetch_related_objects([c.plan for c in contracts if not c.now], "quotas")
    allowances = []
    for contract in contracts:
        periods: list[EntitlementPeriod] = contract.now
        if periods:
            period = periods[0]
            starts, ends = period.starts, period.ends
            total = AllowanceLine(None, period.total_cap, period.total_used)
            lines = [
                AllowanceLine(c.priority, c.cap, c.used, period.total_cap, period.total_used)
                for c in period.counters.all()
            ]
        else:
            plan = contract.plan
            starts, ends = period_containing(contract.start, plan.quota_months, day)
            if contract.end is not None and contract.end > day:
                ends = min(ends, contract.end)
            total = AllowanceLine(None, plan.total_cap, 0)
            lines = [
                AllowanceLine(q.priority, q.cap, 0, plan.total_cap, 0)
                for q in sorted(plan.quotas.all(), key=lambda q: q.priority)
            ]
        allowances.append(ContractAllowance(contract, starts, ends, total, lines))
    return allowances


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
