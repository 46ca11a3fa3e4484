"""What the window billed after the cases' arrival — contractual time, on-site visits and their
travel expenses — and the plan fees of its months, as recorded (current) beside what the same
facts cost under the file (proposed), priced by the live billing services (`billing.services`,
`billing.pricing`) with the file loaded in a transaction that is always rolled back.

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
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.models import Charge, TimeEntry
from tiquetera.billing.money import Line
from tiquetera.billing.pricing import plan_fee_line
from tiquetera.billing.services import hourly_rate, onsite_visit_lines, time_line
from tiquetera.contracts.models import Contract, Plan
from tiquetera.contracts.periods import add_months
from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import PolicyDocument
from tiquetera.policy.services import load_policy
from tiquetera.tickets.models import Case

from .run import rolled_back

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
    (inside `proposed`: the file's), and its plan fees."""
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
    for visit in window.charges().filter(kind=Kind.ONSITE_VISIT):
        plan = _visit_plan(visit)
        if plan is None:
            continue
        try:
            line, travel = onsite_visit_lines(
                visit.organization, plan, visit.contract, visit.occurred_on, before=visit.pk
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


def _visit_plan(visit: Charge) -> Plan | None:
    """The plan a visit was billed under: its contract's, else (a client served per event) the
    per-event plan of the case it was made for."""
    if visit.contract is not None:
        return visit.contract.plan
    case = (
        Case.objects.filter(number=visit.description, organization=visit.organization)
        .select_related("consumption__plan")
        .first()
    )
    consumption = case.consumption if case is not None else None
    return consumption.plan if consumption is not None else None


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


def proposed(window: Window, document: PolicyDocument, filename: str) -> Totals:
    """`priced` with the file loaded, in a transaction that is always rolled back."""
    with rolled_back():
        load_policy(document, source=f"simulation:{filename}"[:200])
        return priced(window)


def compare(window: Window, document: PolicyDocument, filename: str) -> tuple[Totals, Totals]:
    """(current, proposed): the recorded charges after arrival and the plan fees under the
    policy in use; the same facts and fees under the file."""
    return {**recorded(window), **fees(window)}, proposed(window, document, filename)


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
