"""Entitlement periods: the contracts in force on a day, opening a period and the roll-over."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet

from tiquetera.core.queries import Prepared

from ..models import Contract, EntitlementCounter, EntitlementPeriod
from ..periods import period_containing


def active_on(day: dt.date) -> QuerySet[Contract]:
    """Contracts that cover `day` (renewals due are made by `renew_contracts` first)."""
    return Contract.objects.active_on(day)


# read at every intake that takes a ticket: compiled once (core/queries.py)
_PERIOD = Prepared(
    lambda contract_id, starts: EntitlementPeriod.objects.filter(
        contract_id=contract_id, starts=starts
    ).order_by()[:1],
    int,
    dt.date,
)


def open_period(contract: Contract, day: dt.date) -> EntitlementPeriod:
    """The contract's quota period holding `day`, created with a counter per priority of the plan
    when missing. Safe under concurrency: (contract, starts) is unique, a concurrent creator's row
    wins and is returned."""
    plan = contract.plan
    starts, ends = period_containing(contract.start, plan.quota_months, day)
    if contract.end is not None:
        ends = min(ends, contract.end)
    period: EntitlementPeriod | None = _PERIOD.first(contract.pk, starts)
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
