"""Every state change of plans, contracts, entitlement periods and purchase orders.

Counting happens in the database (DESIGN.md, "Entitlements are counted in the database"): a
ticket is taken by `UPDATE … SET used = used + 1 WHERE used < cap`, and the row count says
whether it was. See docs/contracts.md for why that is correct on PostgreSQL and SQLite alike.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from tiquetera.billing import services as billing
from tiquetera.billing.pricing import extra_ticket_line
from tiquetera.directory.models import Organization

from .errors import ContractsError
from .models import (
    PERIOD_MONTHS,
    Consumption,
    Contract,
    EntitlementCounter,
    EntitlementPeriod,
    Plan,
    PlanQuota,
    PurchaseOrder,
)
from .periods import local_date, period_containing

Outcome = Consumption.Outcome
Reason = Consumption.Reason
Status = Contract.Status

RENEWAL_NOTICE_DAYS = 7

# A contract the renewal sweep extends when it reaches its end (legacy ones are never renewed).
RENEWABLE = Q(
    status=Status.ACTIVE,
    auto_renew=True,
    is_legacy=False,
    plan__is_legacy=False,
    cancel_requested_on__isnull=True,
    end__isnull=False,
)


def active_on(day: dt.date) -> QuerySet[Contract]:
    """Contracts that cover `day` (renewals due are made by `renew_contracts` first)."""
    return Contract.objects.active_on(day)


# --- Plans ------------------------------------------------------------------------------------


def save_plan(
    plan: Plan, *, quotas: Mapping[str, int] | None = None, actor: AbstractBaseUser | None
) -> Plan:
    """Validate and save a plan and, when given, replace its caps per priority.

    Guarantees: no cap is negative, the quota period is not longer than the billing period, the
    key is unique in its policy; otherwise ContractsError names the field. Caps apply to periods
    opened from now on (an open period keeps the caps it was opened with).
    """
    if plan.total_cap is not None and plan.total_cap < 0:
        raise ContractsError("negative_cap", field="total_cap", value=plan.total_cap)
    for priority, cap in (quotas or {}).items():
        if cap < 0:
            raise ContractsError("negative_cap", field=f"quotas.{priority}", value=cap)
    if PERIOD_MONTHS.get(plan.quota_period, 0) > PERIOD_MONTHS.get(plan.billing_period, 0):
        raise ContractsError(
            "quota_longer_than_billing", field="quota_period", value=plan.quota_period
        )
    try:
        plan.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ContractsError("invalid", field=field, value=" ".join(messages)) from None
    with transaction.atomic():
        plan.save()
        if quotas is not None:
            plan.quotas.all().delete()
            PlanQuota.objects.bulk_create(
                PlanQuota(plan=plan, priority=priority, cap=cap) for priority, cap in quotas.items()
            )
    return plan


def find_plan(organization: Organization, key: str) -> Plan:
    """The plan `key` of the organization's policy (ContractsError `unknown_plan` otherwise)."""
    plan = Plan.objects.filter(policy_id=organization.policy_id, key=key).first()
    if plan is None:
        raise ContractsError("unknown_plan", field="plan", value=key)
    return plan


# --- Contracts --------------------------------------------------------------------------------


def start_contract(
    organization: Organization,
    plan: Plan | str,
    *,
    start: dt.date,
    end: dt.date | None = None,
    auto_renew: bool = True,
    legacy: bool = False,
    actor: AbstractBaseUser | None,
) -> Contract:
    """Start a contract for a plan of the organization's policy and open its first period.

    Guarantees: `end` (the first day not covered; None = open-ended) comes after `start`; no
    contract of the organization for the same plan overlaps [start, end); a legacy plan takes no
    new contract, except `legacy=True` to record one sold before it became legacy, which needs its
    end and is never renewed (Sisnova: legacy plans honoured until they expire).
    """
    if isinstance(plan, str):
        plan = find_plan(organization, plan)
    with transaction.atomic():
        # One writer per organization at a time, so two overlapping starts cannot both pass.
        Organization.objects.select_for_update().filter(pk=organization.pk).exists()
        check_new_contract(organization, plan, start=start, end=end, legacy=legacy)
        contract = Contract.objects.create(
            organization=organization,
            plan=plan,
            start=start,
            end=end,
            auto_renew=auto_renew and not legacy,
            is_legacy=legacy or plan.is_legacy,
        )
        open_period(contract, start)
    return contract


def check_new_contract(
    organization: Organization, plan: Plan, *, start: dt.date, end: dt.date | None, legacy: bool
) -> None:
    """Raise ContractsError naming the field unless a contract for `plan` over [start, end) may
    start: see `start_contract`."""
    if plan.policy_id != organization.policy_id:
        raise ContractsError("unknown_plan", field="plan", value=plan.key)
    if end is not None and end <= start:
        raise ContractsError("end_before_start", field="end", value=end, start=start)
    if plan.is_legacy and not legacy:
        raise ContractsError("legacy_plan", field="plan", value=plan.key)
    if legacy and end is None:
        raise ContractsError("legacy_needs_end", field="end")
    overlapping = Contract.objects.filter(organization=organization, plan=plan).filter(
        Q(end__isnull=True) | Q(end__gt=start)
    )
    if end is not None:
        overlapping = overlapping.filter(start__lt=end)
    clash = overlapping.first()
    if clash is not None:
        raise ContractsError(
            "overlapping_contract", field="start", value=plan.key, start=clash.start
        )


def request_cancellation(
    contract: Contract, *, on: dt.date, actor: AbstractBaseUser | None
) -> Contract:
    """Record the client's cancellation on `on`, effective at the end of that billing period.

    Guarantees: the contract stays in force, with its tickets, until the period ends, and is not
    renewed (Sisnova: cancellation notified before the month ends). A renewal already due on `on`
    happens first: a notice after the month ended cancels the following month.
    """
    if contract.status != Status.ACTIVE:
        raise ContractsError("not_active", field="contract", value=contract.get_status_display())
    if on < contract.start:
        raise ContractsError("before_start", field="on", value=on, start=contract.start)
    with transaction.atomic():
        renew_contracts(on, contracts=Contract.objects.filter(pk=contract.pk))
        contract.refresh_from_db()
        _, billing_ends = period_containing(contract.start, contract.plan.billing_months, on)
        effective = billing_ends if contract.end is None else min(contract.end, billing_ends)
        updated = Contract.objects.filter(pk=contract.pk, status=Status.ACTIVE).update(
            cancel_requested_on=on, end=effective, auto_renew=False
        )
        if not updated:
            contract.refresh_from_db()
            raise ContractsError(
                "not_active", field="contract", value=contract.get_status_display()
            )
    contract.refresh_from_db()
    return contract


def renew_contracts(
    today: dt.date, *, contracts: QuerySet[Contract] | None = None
) -> list[Contract]:
    """Extend auto-renewing contracts that reached their end by whole billing periods (counted
    from their start) until they cover `today`. Safe to run from several workers at once: each
    extension is a conditional UPDATE on the end it read. Legacy contracts are never renewed."""
    due = (contracts if contracts is not None else Contract.objects.all()).filter(
        RENEWABLE, end__lte=today
    )
    renewed = []
    for contract in due.select_related("plan"):
        _, new_end = period_containing(contract.start, contract.plan.billing_months, today)
        if Contract.objects.filter(pk=contract.pk, status=Status.ACTIVE, end=contract.end).update(
            end=new_end, renewal_notice_sent_on=None
        ):
            contract.end, contract.renewal_notice_sent_on = new_end, None
            renewed.append(contract)
    return renewed


def expire_contracts(today: dt.date) -> list[Contract]:
    """End the contracts whose end has come and that do not renew: "cancelled" when the client
    asked, "expired" otherwise (legacy contracts end here). Conditional, so never done twice."""
    due = Contract.objects.filter(status=Status.ACTIVE, end__lte=today).exclude(RENEWABLE)
    ended = []
    for contract in due:
        status = Status.CANCELLED if contract.cancel_requested_on else Status.EXPIRED
        if _end_contract(contract, status):
            ended.append(contract)
    return ended


def _end_contract(contract: Contract, status: str) -> bool:
    if status not in Contract.TRANSITIONS[contract.status]:
        return False
    updated = Contract.objects.filter(pk=contract.pk, status=contract.status).update(status=status)
    contract.status = status
    return bool(updated)


def renewal_notices_due(today: dt.date, *, days: int = RENEWAL_NOTICE_DAYS) -> list[Contract]:
    """Auto-renewing contracts that renew within `days` days and whose client was not told yet;
    each is marked `renewal_notice_sent_on=today` (conditionally: one worker claims it). Sending
    the email is the notifications issue's job."""
    due = (
        Contract.objects.filter(RENEWABLE, end__gt=today, end__lte=today + dt.timedelta(days=days))
        .filter(renewal_notice_sent_on__isnull=True)
        .select_related("organization", "plan")
    )
    claimed = []
    for contract in due:
        if Contract.objects.filter(pk=contract.pk, renewal_notice_sent_on__isnull=True).update(
            renewal_notice_sent_on=today
        ):
            contract.renewal_notice_sent_on = today
            claimed.append(contract)
    return claimed


def release_renewal_notice(contract: Contract) -> None:
    """Undo `renewal_notices_due`'s claim on a notice that could not be sent, so it is due again."""
    Contract.objects.filter(pk=contract.pk).update(renewal_notice_sent_on=None)


# --- Periods ----------------------------------------------------------------------------------


def open_period(contract: Contract, day: dt.date) -> EntitlementPeriod:
    """The contract's quota period holding `day`, created with a counter per priority of the plan
    when missing. Safe under concurrency: (contract, starts) is unique, a concurrent creator's row
    wins and is returned."""
    plan = contract.plan
    starts, ends = period_containing(contract.start, plan.quota_months, day)
    if contract.end is not None:
        ends = min(ends, contract.end)
    period = EntitlementPeriod.objects.filter(contract=contract, starts=starts).first()
    if period is not None:
        if period.ends < ends:  # the contract was renewed after this period was cut at its end
            EntitlementPeriod.objects.filter(pk=period.pk, ends__lt=ends).update(ends=ends)
            period.ends = ends
        return period
    try:
        with transaction.atomic():
            period = EntitlementPeriod.objects.create(
                contract=contract, starts=starts, ends=ends, total_cap=plan.total_cap
            )
            EntitlementCounter.objects.bulk_create(
                EntitlementCounter(period=period, priority=quota.priority, cap=quota.cap)
                for quota in plan.quotas.all()
            )
    except IntegrityError:
        return EntitlementPeriod.objects.get(contract=contract, starts=starts)
    return period


@dataclass(frozen=True)
class RollOver:
    opened: int
    expired: int


def roll_over(today: dt.date) -> RollOver:
    """Expire the periods that ended by `today` (their unused tickets are gone: nothing carries
    over) and open the current period of every active contract that lacks one."""
    expired = EntitlementPeriod.objects.filter(expired_on__isnull=True, ends__lte=today).update(
        expired_on=today
    )
    current = EntitlementPeriod.objects.filter(
        contract=OuterRef("pk"), starts__lte=today, ends__gt=today
    )
    lacking = (
        active_on(today)
        .exclude(Exists(current))
        .select_related("plan")
        .prefetch_related("plan__quotas")
    )
    opened = 0
    for contract in lacking:
        open_period(contract, today)
        opened += 1
    return RollOver(opened=opened, expired=expired)


# --- Consuming --------------------------------------------------------------------------------


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


class _NothingLeft(Exception):
    """Raised inside the savepoint to undo a priority ticket when the total has none left."""


def consume(
    organization: Organization, priority: str, *, reference: str, at: dt.datetime
) -> ConsumeResult:
    """Take one ticket of `priority` for `reference` from the organization's plan, or make the
    case billable as the plan says. Always records exactly one Consumption: no case is lost.

    Contracts are tried best tier first. A ticket is taken when both the priority counter (if the
    plan caps priorities) and the period total have room, each by a conditional UPDATE inside one
    savepoint, so a full total gives the priority ticket back. Exactly `cap` callers succeed
    however many run at once, on PostgreSQL and SQLite. When nothing is left, the best contract's
    plan decides: an extra ticket at its discounted price, a per-event service awaiting a purchase
    order, or a refusal with the reason ("not_included", "exhausted"); without an active contract
    the outcome is "refused" with reason "no_active_plan".
    """
    day = local_date(at, organization.time_zone)
    with transaction.atomic():
        renew_contracts(day, contracts=Contract.objects.filter(organization=organization))
        contracts = list(
            active_on(day)
            .filter(organization=organization)
            .select_related("plan")
            .order_by("plan__tier_rank", "start", "pk")
        )
        record = _Recorder(organization, priority, reference, at)
        if not contracts:
            return record(Outcome.REFUSED, Reason.NO_ACTIVE_PLAN)
        reasons = set()
        first_period = None
        for contract in contracts:
            period = open_period(contract, day)
            first_period = first_period or period
            taken, counter, reason = _take_ticket(period, priority)
            if taken:
                period.refresh_from_db(fields=["total_used"])
                if counter is not None:
                    counter.refresh_from_db(fields=["used"])
                return record(Outcome.COVERED, Reason.NONE, period=period, counter=counter)
            reasons.add(reason)
        reason = Reason.EXHAUSTED if Reason.EXHAUSTED in reasons else Reason.NOT_INCLUDED
        return _when_exhausted(record, organization, first_period, reason)


def _take_ticket(
    period: EntitlementPeriod, priority: str
) -> tuple[bool, EntitlementCounter | None, str]:
    counters = {c.priority: c for c in period.counters.all()}
    counter = counters.get(priority)
    if counters and (counter is None or counter.cap == 0):
        return False, None, Reason.NOT_INCLUDED
    has_room = Q(cap__isnull=True) | Q(used__lt=F("cap"))
    total_has_room = Q(total_cap__isnull=True) | Q(total_used__lt=F("total_cap"))
    try:
        with transaction.atomic():
            if counter is not None:
                took = EntitlementCounter.objects.filter(has_room, pk=counter.pk).update(
                    used=F("used") + 1
                )
                if not took:
                    raise _NothingLeft
            if not EntitlementPeriod.objects.filter(total_has_room, pk=period.pk).update(
                total_used=F("total_used") + 1
            ):
                raise _NothingLeft  # rolls the savepoint back: the priority ticket returns
    except _NothingLeft:
        return False, None, Reason.EXHAUSTED
    return True, counter, Reason.NONE


@dataclass(frozen=True)
class _Recorder:
    organization: Organization
    priority: str
    reference: str
    at: dt.datetime

    def __call__(
        self,
        outcome: str,
        reason: str,
        *,
        period: EntitlementPeriod | None = None,
        counter: EntitlementCounter | None = None,
        price: Decimal | None = None,
        currency: str = "",
    ) -> ConsumeResult:
        consumption = Consumption.objects.create(
            organization=self.organization,
            contract=period.contract if period else None,
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
        billing.charge_consumption(consumption)  # an extra ticket goes on the ledger at once
        return ConsumeResult(outcome, reason, consumption, period, counter, price, currency)


def _when_exhausted(
    record: _Recorder,
    organization: Organization,
    period: EntitlementPeriod | None,
    reason: str,
) -> ConsumeResult:
    assert period is not None
    plan = period.contract.plan
    if (
        plan.when_exhausted == Plan.WhenExhausted.EXTRA_TICKET
        and plan.extra_ticket_price is not None
    ):
        price = extra_ticket_price(plan, organization)
        return record(Outcome.EXTRA, reason, period=period, price=price, currency=plan.currency)
    if plan.when_exhausted == Plan.WhenExhausted.PER_EVENT_PO:
        return record(
            Outcome.AWAITING_PURCHASE_ORDER,
            reason,
            period=period,
            price=plan.per_event_price,
            currency=plan.currency if plan.per_event_price is not None else "",
        )
    return record(Outcome.REFUSED, reason, period=period)


def extra_ticket_price(plan: Plan, organization: Organization) -> Decimal:
    """The net amount of `extra_ticket_line`."""
    return extra_ticket_line(plan, organization).net.amount


def credit_back(consumption: Consumption, *, reason: str) -> bool:
    """Give back what a case took when it is found invalid, out of scope or a duplicate: a covered
    ticket returns to its priority counter and its period total (each only while above zero); an
    extra or per-event one is no longer billable. Idempotent: True the first time, then False."""
    if reason not in Consumption.CreditReason.values:
        raise ContractsError("invalid", field="reason", value=reason)
    with transaction.atomic():
        credited = Consumption.objects.filter(pk=consumption.pk, credited_at__isnull=True).update(
            credited_at=timezone.now(), credit_reason=reason
        )
        if credited and consumption.outcome == Outcome.COVERED:
            # The same order as consume (counter, then period), so the two never deadlock.
            if consumption.counter_id is not None:
                EntitlementCounter.objects.filter(pk=consumption.counter_id, used__gt=0).update(
                    used=F("used") - 1
                )
            if consumption.period_id is not None:
                EntitlementPeriod.objects.filter(pk=consumption.period_id, total_used__gt=0).update(
                    total_used=F("total_used") - 1
                )
        if credited:
            billing.credit_charge_of(consumption)
    consumption.refresh_from_db()
    return bool(credited)


# --- Purchase orders --------------------------------------------------------------------------


def attach_purchase_order(
    po: PurchaseOrder, *, actor: AbstractBaseUser | None, at: dt.datetime | None = None
) -> list[Consumption]:
    """Record (if new) and attach a purchase order, and release the organization's per-event
    cases awaiting one, oldest first, as many events as it covers. Returns those released.

    Guarantees: the signer is an active contact of the same organization allowed to sign
    purchase orders (ISYS: "firmada por la persona autorizada"), the number is unique for the
    organization, the quantity is positive and the amount not negative — otherwise
    ContractsError names the field. A purchase order attaches once; each waiting case is
    released by one purchase order only, even when two are attached at the same moment. A
    purchase order for hours releases no case: hours are billed from time entries.
    """
    check_purchase_order(po)
    now = at or timezone.now()
    with transaction.atomic():
        if po.pk is None:
            taken = PurchaseOrder.objects.filter(
                organization_id=po.organization_id, number=po.number
            )
            if taken.exists():
                raise ContractsError("duplicate_purchase_order", field="number", value=po.number)
            try:
                with transaction.atomic():
                    po.save()
            except IntegrityError:
                raise ContractsError(
                    "duplicate_purchase_order", field="number", value=po.number
                ) from None
        if not PurchaseOrder.objects.filter(pk=po.pk, attached_at__isnull=True).update(
            attached_at=now, attached_by=actor
        ):
            raise ContractsError("already_attached", field="number", value=po.number)
        po.attached_at, po.attached_by = now, actor  # type: ignore[assignment]
        if po.covers != PurchaseOrder.Covers.EVENTS:
            return []
        return _release_waiting(po, int(po.quantity))


def check_purchase_order(po: PurchaseOrder) -> None:
    """Raise ContractsError naming the field unless the signer may sign for the purchase order's
    organization, the quantity is positive and the amount not negative."""
    signer = po.signer
    if not (
        signer.may_sign_purchase_orders
        and signer.is_active
        and signer.organization_id == po.organization_id
    ):
        raise ContractsError("signer_may_not_sign", field="signer", value=signer.name)
    if po.quantity is None or po.quantity <= 0:
        raise ContractsError("not_positive", field="quantity", value=po.quantity)
    if po.amount is None or po.amount < 0:
        raise ContractsError("negative_amount", field="amount", value=po.amount)


def _release_waiting(po: PurchaseOrder, events: int) -> list[Consumption]:
    waiting = Consumption.objects.filter(
        organization_id=po.organization_id,
        outcome=Outcome.AWAITING_PURCHASE_ORDER,
        credited_at__isnull=True,
    ).order_by("created", "pk")
    released: list[Consumption] = []
    while len(released) < events:
        batch = list(waiting.exclude(pk__in=[c.pk for c in released])[: events - len(released)])
        if not batch:
            break
        for consumption in batch:
            # Conditional, so a case another purchase order took meanwhile is skipped.
            if Consumption.objects.filter(
                pk=consumption.pk,
                outcome=Outcome.AWAITING_PURCHASE_ORDER,
                credited_at__isnull=True,
            ).update(outcome=Outcome.PER_EVENT, purchase_order=po):
                consumption.outcome, consumption.purchase_order = Outcome.PER_EVENT, po
                released.append(consumption)
                billing.charge_consumption(consumption)
    return released
