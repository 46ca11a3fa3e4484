"""Every write to the billing ledger: charges for extra tickets, per-event services, contractual
time and on-site visits beyond the quota; crediting them back; proving a charge recomputes.

Prices come from the pure core (money.py): a charge is a `Line` — unit price x quantity, less
the discounts in the documented order (plan tier, then cloud edition), each rounded half up to
the currency's minor unit — stored with its inputs. See docs/billing.md.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tiquetera.contracts.models import Consumption, Contract, Plan
from tiquetera.contracts.periods import local_date, period_containing
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Organization

from .errors import BillingRefused
from .models import Charge, HourlyRate, TimeEntry
from .money import (
    BillingError,
    Discount,
    DiscountStep,
    Line,
    Money,
    bill_time,
    billing_discounts,
    price_line,
)
from .pricing import extra_ticket_line, plan_tier_discount
from .visits import onsite_visits

Kind = Charge.Kind
Outcome = Consumption.Outcome
_MINUTES_PER_HOUR = 60
_HOURS_PLACES = Decimal("0.0001")  # Charge.quantity's decimal places


# --- Charges from consumptions ------------------------------------------------------------------


def charge_consumption(consumption: Consumption) -> Charge | None:
    """The charge a consumption makes, created once (the OneToOne makes a second call return the
    first charge): an `extra_ticket` charge priced by `extra_ticket_line` (plan-tier discount,
    then the cloud-edition one), or a `per_event` charge at the plan's per-event price without
    discounts once a purchase order or the client's acceptance released it (seed 001:
    pay-per-event "no incluyen descuentos") — a client without a plan is priced by the
    consumption's per-event plan. Covered, refused, still-awaiting and credited consumptions
    charge nothing."""
    if consumption.outcome not in (Outcome.EXTRA, Outcome.PER_EVENT):
        return None  # covered, refused, awaiting a purchase order: nothing to charge (no query)
    existing = Charge.objects.filter(consumption=consumption).first()
    if existing is not None:
        return existing
    if consumption.credited_at is not None:
        return None
    contract = None
    if consumption.contract_id is not None:
        contract = Contract.objects.select_related("plan").get(pk=consumption.contract_id)
    plan = contract.plan if contract is not None else consumption.plan
    if plan is None:
        return None
    organization = consumption.organization
    if consumption.outcome == Outcome.EXTRA:
        line = extra_ticket_line(plan, organization)
        kind = Kind.EXTRA_TICKET
    else:
        # the price the client was told when the case arrived (a later price change of the
        # plan does not reach it); older consumptions recorded none: the plan's
        price = consumption.price if consumption.price is not None else plan.per_event_price
        if price is None:
            raise BillingRefused("no_per_event_price", plan=plan.name)
        line = price_line(Money(price, consumption.currency or plan.currency), 1, ())
        kind = Kind.PER_EVENT
    try:
        with transaction.atomic():
            return _save_line(
                line,
                kind=kind,
                organization=organization,
                contract=contract,
                consumption=consumption,
                description=consumption.reference,
                occurred_on=local_date(consumption.created, organization.time_zone),
            )
    except IntegrityError:  # a concurrent call charged it first
        return Charge.objects.get(consumption=consumption)


def credit_charge(charge: Charge) -> bool:
    """Take a charge off the bill (its consumption was credited back). It stays in the ledger,
    marked; statements leave it out of the totals. Idempotent: True the first time only."""
    now = timezone.now()
    credited = Charge.objects.filter(pk=charge.pk, credited_at__isnull=True).update(credited_at=now)
    charge.refresh_from_db(fields=["credited_at"])
    return bool(credited)


def credit_charge_of(consumption: Consumption) -> bool:
    """`credit_charge` for the consumption's charge, if it has one (the hook for credit_back)."""
    charge = Charge.objects.filter(consumption=consumption).first()
    return charge is not None and credit_charge(charge)


# --- Contractual time ---------------------------------------------------------------------------


def hourly_rate(plan: Plan, year: int) -> Decimal | None:
    """The plan's rate for `year` (JQ, seed 002: "la tarifa … estipulada … para el año en
    curso" — the year the work was done), falling back to the plan's own hourly rate."""
    rate = HourlyRate.objects.filter(plan=plan, year=year).values_list("rate", flat=True).first()
    return rate if rate is not None else plan.hourly_rate


def log_time(
    organization: Organization,
    minutes: int,
    *,
    worked_on: dt.date,
    description: str,
    actor: Any,
    reference: str = "",
    billable: bool = True,
) -> TimeEntry:
    """Record `minutes` an agent worked on `worked_on` (the organization's local date) and, when
    billable, its `time` charge: the minutes rounded up to the plan's billing fraction (JQ: "por
    hora o fracción"), at the hourly rate of that year, less the plan-tier discount on extra
    services. The cloud-edition discount is not applied to time: it discounts Sisnova's tickets,
    and no seed offers it on hours.

    The contract billed is the best-ranked one in force that day with an hourly rate, a
    contractual (hourly) plan first. Refuses (BillingRefused) a non-agent actor, minutes that are
    not a whole number above zero, or billable time with no such contract."""
    if not is_agent(actor):
        raise BillingRefused("not_an_agent")
    contract, rate = check_time_entry(organization, minutes, worked_on=worked_on, billable=billable)
    with transaction.atomic():
        entry = TimeEntry.objects.create(
            organization=organization,
            contract=contract,
            agent=actor,
            worked_on=worked_on,
            minutes=minutes,
            billing_fraction_minutes=contract.plan.billing_fraction_minutes if contract else 60,
            description=description,
            reference=reference,
            billable=billable,
        )
        if billable and contract is not None and rate is not None:
            _save_line(
                time_line(contract.plan, rate, minutes),
                kind=Kind.TIME,
                organization=organization,
                contract=contract,
                time_entry=entry,
                description=reference or description[:200],
                occurred_on=worked_on,
            )
    return entry


def check_time_entry(
    organization: Organization, minutes: int, *, worked_on: dt.date, billable: bool
) -> tuple[Contract | None, Decimal | None]:
    """The contract and hourly rate `log_time` would bill, or BillingRefused ("bad_minutes",
    "no_hourly_rate") when it would refuse (the admin's form checks with it)."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise BillingRefused("bad_minutes", value=minutes)
    contract, rate = _hourly_contract(organization, worked_on)
    if billable and (contract is None or rate is None):
        raise BillingRefused("no_hourly_rate", organization=organization, day=worked_on)
    return contract, rate


def bills_time(organization: Organization, day: dt.date) -> bool:
    """Whether some contract of the organization in force that day has an hourly rate: the
    desk's time form is billable by default only then (else `log_time` would refuse it)."""
    return _hourly_contract(organization, day)[1] is not None


def _hourly_contract(
    organization: Organization, day: dt.date
) -> tuple[Contract | None, Decimal | None]:
    contracts = (
        Contract.objects.active_on(day)
        .filter(organization=organization)
        .select_related("plan")
        .order_by("plan__tier_rank", "start", "pk")
    )
    candidates = sorted(
        contracts,
        key=lambda c: c.plan.service_type != Plan.ServiceType.CONTRACTUAL_HOURLY,
    )
    for contract in candidates:  # at most a few contracts per organization
        rate = hourly_rate(contract.plan, day.year)
        if rate is not None:
            return contract, rate
    return (candidates[0] if candidates else None), None


def time_line(plan: Plan, rate: Decimal, minutes: int) -> Line:
    """`minutes` of the plan's contractual time: rounded up to its billing fraction, at `rate`
    (`hourly_rate` of the year worked), less its discount on extra services (the policy
    simulator prices recorded time entries under a changed policy with it)."""
    return _time_line(
        minutes,
        plan.billing_fraction_minutes,
        Money(rate, plan.currency),
        billing_discounts(plan_tier=plan_tier_discount(plan)),
    )


def _time_line(minutes: int, fraction: int, rate: Money, discounts: tuple[Discount, ...]) -> Line:
    """The time charge as a line: quantity = billed hours (exact for fractions of 60, 30 and 15
    minutes), unit price = the hourly rate; its gross is exactly `bill_time`'s amount."""
    billed, amount = bill_time(minutes, fraction, rate)
    line = price_line(rate, Decimal(billed) / _MINUTES_PER_HOUR, discounts)
    if line.gross != amount or line.quantity != line.quantity.quantize(_HOURS_PLACES):
        raise BillingError("inexact_hours", f"{billed} minutes are not stored exactly in hours")
    return line


# --- On-site visits -----------------------------------------------------------------------------


def charge_onsite_visit(
    organization: Organization,
    *,
    on: dt.date,
    actor: Any,
    reference: str = "",
    per_event_plan: Plan | None = None,
) -> Charge:
    """Record an on-site visit on `on` (the organization's local date). The visits of the plan's
    month (counted from the contract's start, like its periods) are free while the plan's
    `onsite_visits_per_month` last (CustomSoft, seed 001: "hasta 1 presencial por mes"); each
    is recorded as an `onsite_visit` charge at zero, so the quota is counted from the ledger.
    Beyond the quota a visit is charged at the plan's `onsite_price`, without discounts; a plan
    without one refuses ("no_onsite_price"). A visit to an organization out of town adds the
    plan's `travel_expenses` as their own `travel_expenses` line ("Aplica Restricciones de
    Viáticos"). A plan whose visits are for local clients only (CustomSoft: "Aplica solo para
    clientes locales") refuses a visit out of town ("onsite_local_only"): quote it by its total
    time with `quotes.quote_onsite_by_time`. Returns the visit's charge. Two visits recorded at
    once never both take the last free one (the contract row is locked). A client without a
    contract, served per event (seed 000), is charged every visit at `per_event_plan`'s price."""
    if not is_agent(actor):
        raise BillingRefused("not_an_agent")
    contract = best_contract(organization, on)
    plan = contract.plan if contract is not None else per_event_plan
    if plan is None:
        raise BillingRefused("no_active_contract", organization=organization, day=on)
    with transaction.atomic():
        if contract is not None:
            Contract.objects.select_for_update().filter(pk=contract.pk).exists()
        line, travel = onsite_visit_lines(organization, plan, contract, on)
        visit = _save_line(
            line,
            kind=Kind.ONSITE_VISIT,
            organization=organization,
            contract=contract,
            description=reference,
            occurred_on=on,
        )
        if travel is not None:
            charge_travel_expenses(
                organization, plan, contract=contract, on=on, reference=reference
            )
        return visit


def onsite_visit_lines(
    organization: Organization,
    plan: Plan,
    contract: Contract | None,
    on: dt.date,
    *,
    before: int | None = None,
    visits: int | None = None,
) -> tuple[Line, Line | None]:
    """What a visit on `on` costs under `plan` (`charge_onsite_visit`'s rules): free while the
    contract's month has visits left, else the plan's on-site price; and its travel expenses'
    line when the organization is out of town (None otherwise). `visits`: how many the
    contract's month had before it, when the caller counted them (the policy simulator, for a
    window's visits at once); else they are counted here — `before`:
    only those recorded before that charge. Raises BillingRefused ("onsite_local_only",
    "no_onsite_price") as the visit would be refused."""
    out_of_town = organization.locality == Organization.Locality.OUT_OF_TOWN
    if out_of_town and plan.onsite_local_only:
        raise BillingRefused("onsite_local_only", plan=plan.name)
    if contract is not None and visits is None:
        starts, ends = period_containing(contract.start, 1, on)
        earlier = onsite_visits(contract.pk, starts, ends)
        visits = (earlier.filter(pk__lt=before) if before is not None else earlier).count()
    if contract is not None and (visits or 0) < plan.onsite_visits_per_month:
        line = price_line(Money.zero(plan.currency), 1, ())
    elif plan.onsite_price is None:
        raise BillingRefused("no_onsite_price", plan=plan.name)
    else:
        line = price_line(Money(plan.onsite_price, plan.currency), 1, ())
    travel = None
    if out_of_town and plan.travel_expenses is not None:
        travel = price_line(Money(plan.travel_expenses, plan.currency), 1, ())
    return line, travel


def charge_travel_expenses(
    organization: Organization,
    plan: Plan,
    *,
    contract: Contract | None,
    on: dt.date,
    reference: str = "",
    quote: Any = None,
    amount: Decimal | None = None,
) -> Charge:
    """The travel expenses of one visit out of town — `amount`, or the plan's flat
    `travel_expenses` — as their own ledger line (`travel_expenses`, "viáticos"), without
    discounts. Called inside the visit's transaction."""
    amount = amount if amount is not None else plan.travel_expenses
    if amount is None:
        raise BillingRefused("no_travel_expenses", plan=plan.name)
    return _save_line(
        price_line(Money(amount, plan.currency), 1, ()),
        kind=Kind.TRAVEL_EXPENSES,
        organization=organization,
        contract=contract,
        quote=quote,
        description=reference,
        occurred_on=on,
    )


def best_contract(organization: Organization, day: dt.date) -> Contract | None:
    """The organization's contract in force on `day` with the best rank (lowest `tier_rank`),
    whose plan gives the discounts and prices of what is billed apart from the plan."""
    return (
        Contract.objects.active_on(day)
        .filter(organization=organization)
        .select_related("plan", "organization")
        .order_by("plan__tier_rank", "start", "pk")
        .first()
    )


# --- Storing and recomputing --------------------------------------------------------------------


def line_fields(line: Line) -> dict[str, Any]:
    """A priced line as a charge or a quote stores it: quantity, unit price, the discount
    steps, gross and net."""
    return {
        "quantity": line.quantity,
        "unit_price": line.unit_price.amount,
        "currency": line.unit_price.currency,
        "discounts": [
            {
                "label": step.discount.label,
                "percent": str(step.discount.percent),
                "amount": str(step.amount.amount),
            }
            for step in line.steps
        ],
        "gross": line.gross.amount,
        "net": line.net.amount,
    }


def _save_line(line: Line, *, kind: str, organization: Organization, **fields: Any) -> Charge:
    return Charge.objects.create(
        organization=organization, kind=kind, **line_fields(line), **fields
    )


def recompute(charge: Charge) -> Line:
    """The charge priced again from its stored inputs: quantity, unit price, currency and the
    discounts' labels and percents in their order — and, for time, the entry's minutes and
    billing fraction through `bill_time`. Equal to `stored_line(charge)` for every honest charge.
    """
    discounts = tuple(Discount(d["label"], Decimal(d["percent"])) for d in charge.discounts)
    rate = Money(Decimal(charge.unit_price), charge.currency)
    if charge.kind == Kind.TIME and charge.time_entry is not None:
        entry = charge.time_entry
        return _time_line(entry.minutes, entry.billing_fraction_minutes, rate, discounts)
    return price_line(rate, Decimal(charge.quantity), discounts)


def stored_line(charge: Charge) -> Line:
    """The charge as stored, read back into a `Line` (amounts as saved, not recomputed)."""
    currency = charge.currency
    running = Money(Decimal(charge.gross), currency)
    steps = []
    for d in charge.discounts:
        off = Money(Decimal(d["amount"]), currency)
        running = running - off
        steps.append(DiscountStep(Discount(d["label"], Decimal(d["percent"])), off, running))
    return Line(
        unit_price=Money(Decimal(charge.unit_price), currency),
        quantity=Decimal(charge.quantity).normalize(),
        discounts=tuple(step.discount for step in steps),
        gross=Money(Decimal(charge.gross), currency),
        steps=tuple(steps),
        net=Money(Decimal(charge.net), currency),
    )


def charge_is_exact(charge: Charge) -> bool:
    """Whether the stored amounts are those its inputs give (the ledger's invariant)."""
    return recompute(charge) == stored_line(charge)
