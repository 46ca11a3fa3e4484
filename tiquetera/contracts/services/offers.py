"""A price offered to the client — an extra ticket to buy (Sisnova) or a per-event service at a
quoted price (CustomSoft) — accepted or declined by the client."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.billing import services as billing

from ..errors import ContractsError
from ..models import Consumption
from ..signals import consumptions_released
from .consuming import credit_back

Outcome = Consumption.Outcome
OFFERED = (Outcome.EXTRA_OFFERED, Outcome.AWAITING_ACCEPTANCE)


def accept_offer(consumption: Consumption, *, actor: AbstractBaseUser | None) -> Consumption:
    """The client accepts the offered price: the consumption becomes an extra ticket or a
    per-event service, is charged once, and the case that took it is released
    (`consumptions_released`). Accepting twice, or one that is not offered, raises ContractsError
    "not_waiting" and changes nothing; of two acceptances at once exactly one succeeds."""
    with transaction.atomic():
        becomes = Consumption.RELEASED_AS.get(consumption.outcome)
        accepted = bool(
            becomes
            and consumption.outcome in OFFERED
            and Consumption.objects.filter(
                pk=consumption.pk, outcome=consumption.outcome, credited_at__isnull=True
            ).update(outcome=becomes)
        )
        if not accepted:
            raise ContractsError("not_waiting", field="consumption", value=consumption.reference)
        before = consumption.outcome
        consumption.outcome = becomes  # type: ignore[assignment]
        billing.charge_consumption(consumption)
        record(
            actor=actor,
            verb="consumption.accepted",
            target=consumption,
            before={"outcome": before},
            after={
                "outcome": becomes,
                "price": consumption.price,
                "currency": consumption.currency,
                "at": timezone.now(),
            },
        )
        consumptions_released.send(sender=Consumption, consumptions=[consumption], actor=actor)
    return consumption


def decline_offer(consumption: Consumption, *, actor: AbstractBaseUser | None) -> bool:
    """The client declines the offered price (or the purchase order): nothing is billed, the
    consumption is credited back ("declined"). False when it was already settled."""
    if consumption.outcome not in (*OFFERED, Outcome.AWAITING_PURCHASE_ORDER):
        return False
    return credit_back(consumption, reason=Consumption.CreditReason.DECLINED, actor=actor)
