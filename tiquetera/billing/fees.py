"""Plan fees: the subscription each contract pays per billing period, billed by a daily task.

One `plan_fee` charge per contract and billing period (a unique constraint makes a second run,
or two workers at once, bill nothing twice). The billing period is the plan's (monthly, or
annual: billed once a year), counted from the contract's start like its quota periods; the fee
is dated on the period's first day, so it stands on that month's statement.
"""

import datetime as dt

from django.db import IntegrityError, transaction

from tiquetera.contracts.models import Contract
from tiquetera.contracts.periods import period_containing

from .models import Charge
from .pricing import plan_fee_line
from .services import _save_line

Kind = Charge.Kind


def bill_plan_fees(day: dt.date) -> list[Charge]:
    """Bill the fee of every contract in force on `day` whose billing period holding `day` has
    none yet, priced by `pricing.plan_fee_line` (the plan's price, its fee discounts as steps).
    A plan priced 0.00 has no fee. Idempotent: the fees it creates, none on a second run."""
    contracts = list(
        Contract.objects.active_on(day)
        .filter(plan__price__gt=0)
        .select_related("plan", "organization")
        .order_by("pk")
    )
    due = {
        contract.pk: period_containing(contract.start, contract.plan.billing_months, day)[0]
        for contract in contracts
    }
    billed = set(
        Charge.objects.filter(
            kind=Kind.PLAN_FEE, contract__in=contracts, billing_period_starts__in=set(due.values())
        ).values_list("contract_id", "billing_period_starts")
    )
    created = []
    for contract in contracts:
        starts = due[contract.pk]
        if (contract.pk, starts) in billed:
            continue
        line = plan_fee_line(contract.plan, contract.organization)
        try:
            with transaction.atomic():
                created.append(
                    _save_line(
                        line,
                        kind=Kind.PLAN_FEE,
                        organization=contract.organization,
                        contract=contract,
                        billing_period_starts=starts,
                        description=contract.plan.name,
                        occurred_on=starts,
                    )
                )
        except IntegrityError:  # another worker billed this period first
            continue
    return created
