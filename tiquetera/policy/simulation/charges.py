"""What the window billed after the cases' arrival — contractual time, on-site visits and their
travel expenses — and the plan fees of its months, as recorded (current) beside what the same
facts cost under the file (proposed), priced by the live billing services (`billing.services`,
`billing.pricing`) inside the simulation's transaction, with the file it loaded (`under_file`:
`run.simulate`'s `inside` hook, so the file is loaded once).

What happened after arrival is history, not policy: the minutes worked, the visits made. Only
their price follows the file: the plan's hourly rate and billing fraction, its discount, its
free visits a month, on-site price and travel expenses. A recorded visit the file's plan would
refuse (local clients only, no on-site price) costs nothing under it. Quoted work (extra
services, visits quoted by time) keeps the price the client accepted and is not compared.

Plan fees are priced under each policy alike (`pricing.plan_fee_line`): one per contract in
force on the first day of each of its billing periods that starts in the window, as the daily
task bills them."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.models import Charge, TimeEntry
from tiquetera.billing.money import Line
from tiquetera.billing.pricing import plan_fee_line
from tiquetera.billing.services import hourly_rate, onsite_visit_lines, time_line
from tiquetera.billing.visits import onsite_visits
from tiquetera.contracts.models import Contract, Plan
from tiquetera.contracts.periods import add_months, period_containing
from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.tickets.models import Case

from .facts import batches
from .window import bounds, cases_in

Kind = Charge.Kind
AFTER_ARRIVAL = (Kind.TIME, Kind.ONSITE_VISIT, Kind.TRAVEL_EXPENSES)
Totals = dict[tuple[str, str], tuple[int, Decimal]]  # (kind, currency) -> (how many, amount)


@dataclass(frozen=True)
class Window:
    """The simulation's policy, days (both included) and organization (None: all)."""

    policy: Policy
    start: dt.date
    end: dt.date
    organization: Organization | None

    def charges(self) -> QuerySet[Charge]:
        found = Charge.objects.filter(
            organization__policy=self.policy,
            occurred_on__gte=self.start,
            occurred_on__lte=self.end,
            credited_at__isnull=True,
            quote__isnull=True,
        )
        if self.organization is not None:
            found = found.filter(organization=self.organization)
        return found.select_related("organization", "contract__plan").order_by("occurred_on", "pk")

    def time_entries(self) -> QuerySet[TimeEntry]:
        found = TimeEntry.objects.filter(
            organization__policy=self.policy,
            worked_on__gte=self.start,
            worked_on__lte=self.end,
            billable=True,
            contract__isnull=False,
        )
        if self.organization is not None:
            found = found.filter(organization=self.organization)
        return found.select_related("contract__plan").order_by("worked_on", "pk")


def _tally(totals: Totals, kind: str, currency: str, net: Decimal) -> None:
    count, amount = totals.get((kind, currency), (0, Decimal("0.00")))
    totals[(kind, currency)] = (count + 1, amount + net)


def _add(totals: Totals, kind: str, line: Line) -> None:
    _tally(totals, kind, line.net.currency, line.net.amount)


def recorded(window: Window) -> Totals:
    """The ledger's time, on-site and travel charges dated in the window (not credited back)."""
    totals: Totals = {}
    for kind, currency, net in (
        window.charges().filter(kind__in=AFTER_ARRIVAL).values_list("kind", "currency", "net")
    ):
        _tally(totals, kind, currency, net)
    return totals


def priced(window: Window) -> Totals:
    """The window's time entries and visits priced by the plans as the database holds them now
    (inside the simulation: the file's), and its plan fees."""
    totals = fees(window)
    rates: dict[tuple[int, int], Decimal | None] = {}  # a query per plan and year, not per entry
    for entry in window.time_entries():
        assert entry.contract is not None
        hourly = entry.contract.plan
        key = (hourly.pk, entry.worked_on.year)
        if key not in rates:
            rates[key] = hourly_rate(hourly, entry.worked_on.year)
        rate = rates[key]
        if rate is not None:  # a plan without an hourly rate bills no time
            _add(totals, Kind.TIME, time_line(hourly, rate, entry.minutes))
    visits = list(window.charges().filter(kind=Kind.ONSITE_VISIT))
    plans, before = _visit_plans(visits), _visits_before(visits)
    for visit in visits:
        plan = visit.contract.plan if visit.contract is not None else plans.get(visit.pk)
        if plan is None:
            continue
        try:
            line, travel = onsite_visit_lines(
                visit.organization,
                plan,
                visit.contract,
                visit.occurred_on,
                visits=before.get(visit.pk, 0),
            )
        except BillingRefused:
            continue  # the file's plan would refuse this visit: nothing billed
        _add(totals, Kind.ONSITE_VISIT, line)
        if travel is not None:
            _add(totals, Kind.TRAVEL_EXPENSES, travel)
    return totals


def fees(window: Window) -> Totals:
    """The plan fees of the window's billing periods, priced by the plans as they are now."""
    totals: Totals = {}
    for contract, _starts in fee_periods(window):
        if contract.plan.price > 0:  # a plan priced 0.00 has no fee
            _add(totals, Kind.PLAN_FEE, plan_fee_line(contract.plan, contract.organization))
    return totals


def _visit_plans(visits: list[Charge]) -> dict[int, Plan]:
    """The plan of each visit to a client without a contract: the per-event plan of the case it
    was made for (the charge's reference), read in one query a batch."""
    loose = [visit for visit in visits if visit.contract is None]
    found: dict[tuple[int, str], Plan] = {}
    for batch in batches(loose):
        cases = Case.objects.filter(
            number__in={visit.description for visit in batch},
            organization__in={visit.organization_id for visit in batch},
            consumption__plan__isnull=False,
        ).select_related("consumption__plan")
        for case in cases:
            assert case.consumption is not None and case.consumption.plan is not None
            found[(case.organization_id, case.number)] = case.consumption.plan
    keys = {visit.pk: (visit.organization_id, visit.description) for visit in loose}
    return {pk: found[key] for pk, key in keys.items() if key in found}


def _visits_before(visits: list[Charge]) -> dict[int, int]:
    """For each visit under a contract, how many visits its contract's month had before it (by
    charge id, as `onsite_visit_lines` counts them): the months' visits read in one query."""
    months: dict[int, tuple[int, dt.date, dt.date]] = {}
    for visit in visits:
        if visit.contract is not None:
            starts, ends = period_containing(visit.contract.start, 1, visit.occurred_on)
            months[visit.pk] = (visit.contract.pk, starts, ends)
    if not months:
        return {}
    made: dict[tuple[int, dt.date], list[int]] = {}
    spans = months.values()
    earlier = onsite_visits(
        {contract for contract, _s, _e in spans},
        min(starts for _c, starts, _e in spans),
        max(ends for _c, _s, ends in spans),
    )
    for pk, contract, on, start in earlier.values_list(
        "pk", "contract_id", "occurred_on", "contract__start"
    ):
        made.setdefault((contract, period_containing(start, 1, on)[0]), []).append(pk)
    for pks in made.values():
        pks.sort()
    return {
        pk: bisect_left(made.get((contract, starts), []), pk)
        for pk, (contract, starts, _ends) in months.items()
    }


def fee_periods(window: Window) -> Iterator[tuple[Contract, dt.date]]:
    """Each contract in force on the first day of one of its billing periods that starts in the
    window, with that day (`fees.bill_plan_fees` bills the fee dated on it)."""
    contracts = (
        Contract.objects.filter(
            organization__policy=window.policy,
            status__in=(Contract.Status.ACTIVE, Contract.Status.EXPIRED),
            start__lte=window.end,
        )
        .filter(Q(end__isnull=True) | Q(end__gt=window.start))
        .select_related("plan", "organization")
        .order_by("pk")
    )
    if window.organization is not None:
        contracts = contracts.filter(organization=window.organization)
    for contract in contracts:
        months, index = contract.plan.billing_months, 0
        starts = contract.start
        while starts <= window.end and (contract.end is None or starts < contract.end):
            if starts >= window.start:
                yield contract, starts
            index += 1
            starts = add_months(contract.start, index * months)


@dataclass(frozen=True)
class Priced:
    """What the window's charges after arrival and plan fees come to under the file, priced
    inside the simulation's transaction (`under_file`), and the window they are of."""

    window: Window
    totals: Totals


def under_file(start: dt.date, end: dt.date) -> Callable[..., Priced]:
    """The hook `run.simulate` calls inside its transaction, after the replay, with the file
    loaded once for both: `priced` for the window from `start` to `end`."""

    def inside(policy: Policy, organization: Organization | None, _replays: object) -> Priced:
        window = Window(policy, start, end, organization)
        return Priced(window, priced(window))

    return inside


def current(window: Window) -> Totals:
    """The recorded charges after arrival and the plan fees under the policy in use."""
    return {**recorded(window), **fees(window)}


def unbilled(window: Window) -> set[str]:
    """The numbers of the window's cases whose extra ticket or per-event service was not billed
    in the end: the client declined the price, or the case was found invalid, out of scope or a
    duplicate (its consumption credited back). What the client decided is history: under the
    file it is not billed either."""
    first, after = bounds(window.policy, window.start, window.end)
    cases = cases_in(window.policy, first, after, window.organization)
    return set(
        cases.filter(consumption__credited_at__isnull=False).values_list("number", flat=True)
    )


def rows(current: Totals, then: Totals) -> list[dict[str, object]]:
    """The report's rows, by kind and currency, as `report.revenue` writes its own."""
    found = []
    for kind, currency in sorted(set(current) | set(then)):
        (n_now, a_now), (n_then, a_then) = (
            current.get((kind, currency), (0, Decimal("0.00"))),
            then.get((kind, currency), (0, Decimal("0.00"))),
        )
        found.append(
            {
                "kind": kind,
                "text": str(Kind(kind).label),
                "currency": currency,
                "current_cases": n_now,
                "proposed_cases": n_then,
                "current": str(a_now),
                "proposed": str(a_then),
                "difference": str(a_then - a_now),
            }
        )
    return found
