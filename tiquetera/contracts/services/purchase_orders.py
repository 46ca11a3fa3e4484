"""Purchase orders: checking and attaching one, and releasing the cases that awaited it."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.billing import services as billing

from ..errors import ContractsError
from ..models import Consumption, PurchaseOrder

Outcome = Consumption.Outcome


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
    purchase order for hours releases no case: hours are billed from time entries. One
    "purchase_order.attached" audit event records it, with the cases it released.
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
        released = []
        if po.covers == PurchaseOrder.Covers.EVENTS:
            released = _release_waiting(po, int(po.quantity))
        record(
            actor=actor,
            verb="purchase_order.attached",
            target=po,
            before={"attached_at": None},
            after={
                "attached_at": now,
                "covers": po.covers,
                "quantity": po.quantity,
                "amount": po.amount,
                "released": [consumption.reference for consumption in released],
            },
        )
        return released


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
