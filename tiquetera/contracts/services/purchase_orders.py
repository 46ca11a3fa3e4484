"""Purchase orders: checking and attaching one, and releasing the cases that awaited it."""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.billing import services as billing

from ..errors import ContractsError
from ..models import Consumption, PurchaseOrder
from ..signals import consumptions_released

Outcome = Consumption.Outcome


def attach_purchase_order(
    po: PurchaseOrder,
    *,
    actor: AbstractBaseUser | None,
    at: dt.datetime | None = None,
    for_consumption: Consumption | None = None,
) -> list[Consumption]:
    """Record (if new) and attach a purchase order, and release the organization's per-event
    cases awaiting one, oldest first, as many events as it covers. Returns those released.

    Guarantees: the signer is an active contact of the same organization allowed to sign
    purchase orders (ISYS: "firmada por la persona autorizada"), the number is unique for the
    organization, the quantity is positive and the amount not negative — otherwise
    ContractsError names the field. A purchase order attaches once; each waiting case is
    released by one purchase order only, even when two are attached at the same moment. A
    purchase order for hours releases no case: hours are billed from time entries. One
    "purchase_order.attached" audit event records it, with the cases it released, and
    `consumptions_released` tells the cases' app, which opens them.

    `for_consumption`: the purchase order was sent for that case (its page, its portal page, the
    API): it is released first, and if it is no longer waiting — another purchase order took it
    a moment before — ContractsError "not_waiting" and nothing is recorded.
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
            released = _release_waiting(po, int(po.quantity), first=for_consumption)
        if for_consumption is not None and for_consumption.pk not in {c.pk for c in released}:
            raise ContractsError(
                "not_waiting", field="number", value=for_consumption.reference
            )  # rolls back the purchase order with everything else
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
        if released:
            consumptions_released.send(sender=Consumption, consumptions=released, actor=actor)
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


def _release_waiting(
    po: PurchaseOrder, events: int, *, first: Consumption | None = None
) -> list[Consumption]:
    waiting = Consumption.objects.filter(
        organization_id=po.organization_id,
        outcome=Outcome.AWAITING_PURCHASE_ORDER,
        credited_at__isnull=True,
    ).order_by("created", "pk")
    released: list[Consumption] = []
    tried: set[int] = set()
    candidates = [first] if first is not None else []
    while len(released) < events:
        if not candidates:
            candidates = list(waiting.exclude(pk__in=tried)[: events - len(released)])
            if not candidates:
                break
        consumption = candidates.pop(0)
        tried.add(consumption.pk)
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
