"""Consuming: taking a ticket for a case, or making it billable, and crediting one back.

Counting happens in the database (DESIGN.md, "Entitlements are counted in the database"): a
ticket is taken by `UPDATE … SET used = used + 1 WHERE used < cap`, and the row count says
whether it was. See docs/contracts.md for why that is correct on PostgreSQL and SQLite alike.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.billing import services as billing
from tiquetera.billing.pricing import extra_ticket_line
from tiquetera.core.queries import Prepared
from tiquetera.directory.models import Organization

from ..errors import ContractsError
from ..models import Consumption, Contract, EntitlementCounter, EntitlementPeriod, Plan
from ..periods import local_date
from .counting import DATABASE, Counting
from .entitlement_periods import open_period
from .lifecycle import renew_contracts

Outcome = Consumption.Outcome
Reason = Consumption.Reason


@dataclass(frozen=True)
class ConsumeResult:
    """What `consume` did: `outcome` and `reason` as stored on `consumption`."""

    outcome: str
    reason: str
    consumption: Consumption
    period: EntitlementPeriod | None = None
    counter: EntitlementCounter | None = None
    price: Decimal | None = None
    currency: str = ""

    @property
    def covered(self) -> bool:
        return self.outcome == Outcome.COVERED


@dataclass(frozen=True)
class TicketSource:
    """A contract's quota period holding a day and its counters by priority: all that taking a
    ticket reads. What they count is taken by conditional UPDATEs; the rows and their caps do not
    change once the period is open, so a caller may read them before its transaction (the
    intake does: on SQLite, outside the database's write lock)."""

    period: EntitlementPeriod
    counters: dict[str, EntitlementCounter] = field(default_factory=dict)


# the intake's reads, compiled once (core/queries.py)
_COUNTERS = Prepared(
    lambda period_id: EntitlementCounter.objects.filter(period_id=period_id).order_by(), int
)
_IN_FORCE = Prepared(
    lambda organization_id, day: (
        Contract.objects.filter(
            organization_id=organization_id, status=Contract.Status.ACTIVE, start__lte=day
        )
        .select_related("plan")
        .order_by("plan__tier_rank", "start", "pk")
    ),
    int,
    dt.date,
)


def ticket_source(contract: Contract, day: dt.date) -> TicketSource:
    """The contract's `TicketSource` for `day`, its period opened when missing."""
    period = open_period(contract, day)
    return TicketSource(period, {c.priority: c for c in _COUNTERS.all(period.pk)})


class _NothingLeft(Exception):
    """Raised inside the savepoint to undo a priority ticket when the total has none left."""


def contracts_in_force(organization: Organization, day: dt.date) -> list[Contract]:
    """The organization's contracts that cover `day`, best tier first, with their plans; those
    that reached their end and renew are renewed first (one read when none has ended)."""

    def read() -> list[Contract]:
        return _IN_FORCE.all(organization.pk, day)

    contracts = read()
    ended = [c.pk for c in contracts if c.end is not None and c.end <= day]
    if ended and renew_contracts(day, contracts=Contract.objects.filter(pk__in=ended)):
        contracts = read()
    return [c for c in contracts if c.end is None or c.end > day]


def consume(
    organization: Organization,
    priority: str,
    *,
    reference: str,
    at: dt.datetime,
    contracts: Sequence[Contract] | None = None,
    sources: Mapping[int, TicketSource] | None = None,
    counting: Counting = DATABASE,
) -> ConsumeResult:
    """Take one ticket of `priority` for `reference` from the organization's plan, or make the
    case billable as the plan says. Always records exactly one Consumption: no case is lost.

    Contracts are tried best tier first. A ticket is taken when both the priority counter (if the
    plan caps priorities) and the period total have room, each by a conditional UPDATE inside one
    savepoint, so a full total gives the priority ticket back. Exactly `cap` callers succeed
    however many run at once, on PostgreSQL and SQLite. When nothing is left, the best contract's
    plan decides: an extra ticket at its discounted price, a per-event service awaiting a purchase
    order, or a refusal with the reason ("not_included", "exhausted"); without an active contract
    the outcome is "refused" with reason "no_active_plan". `contracts`: the organization's
    `contracts_in_force` on the day of `at`, when the caller has read them already; `sources`:
    the `ticket_source` of some of them for that day, by contract id, likewise; `counting`:
    where the tickets are counted and the consumption kept (the simulator's replay: memory).
    """
    day = local_date(at, organization.time_zone)
    # no savepoint inside a caller's transaction (the intake's): a failure here fails it whole
    with transaction.atomic(savepoint=False):
        if contracts is None:
            contracts = contracts_in_force(organization, day)
        record = _Recorder(organization, priority, reference, at, counting)
        if not contracts:
            return record(Outcome.REFUSED, Reason.NO_ACTIVE_PLAN)
        reasons = set()
        first_period = None
        for contract in contracts:
            source = (sources or {}).get(contract.pk) or ticket_source(contract, day)
            period = source.period
            first_period = first_period or period
            taken, counter, reason = _take_ticket(source, priority, counting)
            if taken:
                return record(Outcome.COVERED, Reason.NONE, period=period, counter=counter)
            reasons.add(reason)
        reason = Reason.EXHAUSTED if Reason.EXHAUSTED in reasons else Reason.NOT_INCLUDED
        return _when_exhausted(record, organization, first_period, reason)


def _take_ticket(
    source: TicketSource, priority: str, counting: Counting
) -> tuple[bool, EntitlementCounter | None, str]:
    """Take one ticket of `priority` from `source`; what the period (and the counter) count
    after it is set on them, as the UPDATE returned it."""
    period, counter = source.period, source.counters.get(priority)
    if source.counters and (counter is None or counter.cap == 0):
        return False, None, Reason.NOT_INCLUDED
    if counter is None:  # one conditional UPDATE: nothing to give back when it fails
        total = counting.add_one(period)
        if total is None:
            return False, None, Reason.EXHAUSTED
        period.total_used = total
        return True, None, Reason.NONE
    try:
        with counting.together():
            used = counting.add_one(counter)
            total = None if used is None else counting.add_one(period)
            if used is None or total is None:
                raise _NothingLeft  # rolls the savepoint back: the priority ticket returns
    except _NothingLeft:
        return False, None, Reason.EXHAUSTED
    counter.used, period.total_used = used, total
    return True, counter, Reason.NONE


@dataclass(frozen=True)
class _Recorder:
    organization: Organization
    priority: str
    reference: str
    at: dt.datetime
    counting: Counting = DATABASE

    def __call__(
        self,
        outcome: str,
        reason: str,
        *,
        period: EntitlementPeriod | None = None,
        counter: EntitlementCounter | None = None,
        plan: Plan | None = None,
        price: Decimal | None = None,
        currency: str = "",
    ) -> ConsumeResult:
        consumption = Consumption(
            organization=self.organization,
            contract_id=period.contract_id if period else None,
            plan=plan,
            period=period,
            counter=counter,
            priority=self.priority,
            reference=self.reference,
            outcome=outcome,
            reason=reason,
            price=price,
            currency=currency,
            created=self.at,
        )
        self.counting.keep(consumption)  # live: stored, an extra ticket on the ledger at once
        return ConsumeResult(outcome, reason, consumption, period, counter, price, currency)


def _when_exhausted(
    record: _Recorder,
    organization: Organization,
    period: EntitlementPeriod | None,
    reason: str,
) -> ConsumeResult:
    assert period is not None
    plan = period.contract.plan
    rule = plan.when_exhausted
    if rule in Plan.NEEDS_EXTRA_TICKET_PRICE and plan.extra_ticket_price is not None:
        # Sisnova (seed 003, item 6): "podrá pagar un soporte extra" — bought by the client's
        # choice when the plan says so, otherwise charged at once
        outcome = (
            Outcome.EXTRA if rule == Plan.WhenExhausted.EXTRA_TICKET else Outcome.EXTRA_OFFERED
        )
        price = extra_ticket_price(plan, organization)
        return record(outcome, reason, period=period, price=price, currency=plan.currency)
    if rule in Plan.NEEDS_PER_EVENT_PRICE:
        return _per_event(record, plan, reason, period=period)
    return record(Outcome.REFUSED, reason, period=period)


def _per_event(
    record: _Recorder, plan: Plan, reason: str, *, period: EntitlementPeriod | None = None
) -> ConsumeResult:
    """A per-event service at the plan's per-event price, without discounts (seed 001: "no
    incluyen descuentos"), waiting for what the plan's rule asks: a signed purchase order (ISYS)
    or the client's acceptance of the price (CustomSoft)."""
    outcome = (
        Outcome.AWAITING_PURCHASE_ORDER
        if plan.when_exhausted == Plan.WhenExhausted.PER_EVENT_PO
        else Outcome.AWAITING_ACCEPTANCE
    )
    price = plan.per_event_price
    currency = plan.currency if price is not None else ""
    return record(outcome, reason, period=period, plan=plan, price=price, currency=currency)


def consume_per_event(
    organization: Organization,
    plan: Plan,
    priority: str,
    *,
    reference: str,
    at: dt.datetime,
    reason: str,
    counting: Counting = DATABASE,
) -> ConsumeResult:
    """Make `reference` a per-event service priced by `plan` — a client without a plan (seeds
    000 and 001), or a case out of the covered hours (seed 000) — without taking any ticket.
    `plan.when_exhausted` says whether it waits for a purchase order or the client's acceptance;
    a plan of neither kind is refused (ContractsError), since it has no per-event terms."""
    if plan.when_exhausted not in Plan.NEEDS_PER_EVENT_PRICE:
        raise ContractsError("no_per_event_terms", field="plan", value=plan.name)
    with transaction.atomic(savepoint=False):
        return _per_event(_Recorder(organization, priority, reference, at, counting), plan, reason)


def extra_ticket_price(plan: Plan, organization: Organization) -> Decimal:
    """The net amount of `extra_ticket_line`."""
    return extra_ticket_line(plan, organization).net.amount


def ticket_returned(consumption: Consumption, counting: Counting = DATABASE) -> None:
    """A covered ticket back to its priority counter and its period total, each only while above
    zero — in the same order as `consume` (counter, then period), so the two never deadlock."""
    if consumption.counter_id is not None:
        counting.give_back(EntitlementCounter, consumption.counter_id)
    if consumption.period_id is not None:
        counting.give_back(EntitlementPeriod, consumption.period_id)


def credit_back(
    consumption: Consumption,
    *,
    reason: str,
    actor: AbstractBaseUser | None = None,
    audited: bool = True,
) -> bool:
    """Give back what a case took when it is found invalid, out of scope or a duplicate: a covered
    ticket returns to its priority counter and its period total (each only while above zero); an
    extra or per-event one is no longer billable. Idempotent: True the first time, then False;
    only the first writes a "consumption.credited_back" audit event (`actor` None: the system) —
    unless `audited` is False: the caller's own one event of the change says it."""
    if reason not in Consumption.CreditReason.values:
        raise ContractsError("invalid", field="reason", value=reason)
    now = timezone.now()
    with transaction.atomic():
        credited = Consumption.objects.filter(pk=consumption.pk, credited_at__isnull=True).update(
            credited_at=now, credit_reason=reason
        )
        if credited and consumption.outcome == Outcome.COVERED:
            ticket_returned(consumption)
        if credited:
            billing.credit_charge_of(consumption)
        if credited and audited:
            record(
                actor=actor,
                verb="consumption.credited_back",
                target=consumption,
                before={"credited_at": None, "credit_reason": ""},
                after={"credited_at": now, "credit_reason": reason},
            )
    consumption.refresh_from_db()
    return bool(credited)
