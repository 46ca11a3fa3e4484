"""Plans and the contract lifecycle: start, cancellation, renewal, expiry and renewal notices."""

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from tiquetera.audit.services import changes, record
from tiquetera.directory.models import Organization

from ..errors import ContractsError
from ..models import PERIOD_MONTHS, Contract, Plan, PlanQuota
from ..periods import period_containing
from .entitlement_periods import open_period

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
        record(
            actor=actor,
            verb="contract.started",
            target=contract,
            after={
                "plan": plan.key,
                "start": start,
                "end": end,
                "auto_renew": contract.auto_renew,
                "is_legacy": contract.is_legacy,
            },
        )
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
        before = {
            "cancel_requested_on": None,
            "end": contract.end,
            "auto_renew": contract.auto_renew,
        }
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
        after = {"cancel_requested_on": on, "end": effective, "auto_renew": False}
        before, after = changes(before, after)
        record(
            actor=actor,
            verb="contract.cancellation_requested",
            target=contract,
            before=before,
            after=after,
        )
    contract.refresh_from_db()
    return contract


def renew_contracts(
    today: dt.date, *, contracts: QuerySet[Contract] | None = None
) -> list[Contract]:
    """Extend auto-renewing contracts that reached their end by whole billing periods (counted
    from their start) until they cover `today`. Safe to run from several workers at once: each
    extension is a conditional UPDATE on the end it read. Legacy contracts are never renewed.
    Each renewal writes one "contract.renewed" audit event (by the system) with it."""
    due = (contracts if contracts is not None else Contract.objects.all()).filter(
        RENEWABLE, end__lte=today
    )
    renewed = []
    for contract in due.select_related("organization", "plan"):
        _, new_end = period_containing(contract.start, contract.plan.billing_months, today)
        before = {"end": contract.end, "renewal_notice_sent_on": contract.renewal_notice_sent_on}
        with transaction.atomic(savepoint=False):  # the caller's transaction, or one of its own
            if not Contract.objects.filter(
                pk=contract.pk, status=Status.ACTIVE, end=contract.end
            ).update(end=new_end, renewal_notice_sent_on=None):
                continue
            contract.end, contract.renewal_notice_sent_on = new_end, None
            after = {"end": new_end, "renewal_notice_sent_on": None}
            before, after = changes(before, after)
            record(actor=None, verb="contract.renewed", target=contract, before=before, after=after)
        renewed.append(contract)
    return renewed


def expire_contracts(today: dt.date) -> list[Contract]:
    """End the contracts whose end has come and that do not renew: "cancelled" when the client
    asked, "expired" otherwise (legacy contracts end here). Conditional, so never done twice.
    Each writes one audit event (by the system): "contract.expired" or "contract.cancelled"."""
    due = Contract.objects.filter(status=Status.ACTIVE, end__lte=today).exclude(RENEWABLE)
    ended = []
    for contract in due.select_related("organization", "plan"):
        status = Status.CANCELLED if contract.cancel_requested_on else Status.EXPIRED
        if _end_contract(contract, status):
            ended.append(contract)
    return ended


def _end_contract(contract: Contract, status: str) -> bool:
    if status not in Contract.TRANSITIONS[contract.status]:
        return False
    before = contract.status
    with transaction.atomic(savepoint=False):  # the caller's transaction, or one of its own
        updated = Contract.objects.filter(pk=contract.pk, status=before).update(status=status)
        contract.status = status
        if updated:
            record(
                actor=None,
                verb=_END_VERBS[status],
                target=contract,
                before={"status": before},
                after={"status": status},
            )
    return bool(updated)


_END_VERBS: dict[str, str] = {
    Status.EXPIRED: "contract.expired",
    Status.CANCELLED: "contract.cancelled",
}


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
