"""Quotes: prices offered to a client before anything is billed — an extra service of the
policy's catalogue, a feature study's custom development, an on-site visit out of town by its
total time. A quote stores its inputs like a charge; accepted, it becomes its charge(s) once.

Seed 001 (CustomSoft): "Descuento en servicios adicionales del catálogo de servicios: 10% /
15% / 15%" and "Servicios especiales foráneos deberán cotizarse de acuerdo con el tiempo
empleado total". Seed 002 (JQ): "se presentará un presupuesto al cliente como servicio
contractual que aplicará descuentos según el grado de su suscripción".
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.contracts.models import Contract
from tiquetera.contracts.periods import local_date
from tiquetera.contracts.selectors import visible_organization
from tiquetera.core.permissions import is_agent
from tiquetera.directory.models import Organization

from .errors import BillingRefused
from .models import Charge, ExtraService, Quote
from .money import BillingError, Discount, Line, Money, bill_time, price_line
from .pricing import extra_service_line
from .services import _save_line, best_contract, charge_travel_expenses, hourly_rate, line_fields

Kind = Charge.Kind
Status = Quote.Status
_MINUTES_PER_HOUR = 60


def quote_extra_service(
    organization: Organization,
    service_key: str,
    quantity: Decimal | int,
    *,
    actor: Any,
    reference: str = "",
    on: dt.date | None = None,
) -> Quote:
    """Quote `quantity` units of the catalogue's `service_key` to `organization`: the service's
    price, less the discount on extra services of the organization's best plan in force (when
    the service takes it), as a step. One "billing.quote_created" event. BillingRefused
    "not_an_agent", "unknown_service", "bad_quantity"."""
    if not is_agent(actor):
        raise BillingRefused("not_an_agent")
    return quote_work(
        organization,
        service_key=service_key,
        quantity=quantity,
        actor=actor,
        reference=reference,
        on=on,
    )


def quote_work(
    organization: Organization,
    *,
    actor: Any,
    amount: Decimal | None = None,
    service_key: str = "",
    quantity: Decimal | int = 1,
    description: str = "",
    reference: str = "",
    currency: str = "",
    on: dt.date | None = None,
    audited: bool = True,
) -> Quote:
    """Quote a piece of work — `quantity` units of the catalogue's `service_key`, or an
    `amount` (a feature study's custom development) — less the discount on extra services of
    the organization's best plan in force (lowest rank), as a step. Without a plan, no discount,
    and an amount is quoted in `currency`. The caller checks who may quote (a feature study:
    its own rules). One "billing.quote_created" event, unless the caller's own event tells it
    (`audited=False`: a feature study's "case.study_quoted"). BillingRefused "unknown_service",
    "bad_quantity", "bad_amount", "no_currency"."""
    day = on or local_date(timezone.now(), organization.time_zone)
    contract = best_contract(organization, day)
    plan = contract.plan if contract is not None else None
    service = None
    if service_key:
        service = ExtraService.objects.filter(
            policy_id=organization.policy_id, key=service_key
        ).first()
        if service is None:
            raise BillingRefused("unknown_service", service=service_key)
        if not service.discounted:
            plan = None
        unit_price = Money(service.price, service.currency)
        units = _quantity(quantity)
    else:
        if (
            isinstance(amount, bool)
            or not isinstance(amount, Decimal | int)  # a float is refused, as billing refuses it
            or not Decimal(amount).is_finite()
            or amount <= 0
        ):
            raise BillingRefused("bad_amount", value=amount)
        currency = plan.currency if plan is not None else currency
        if not currency:
            raise BillingRefused("no_currency")
        try:
            unit_price = Money(Decimal(amount), currency)
        except BillingError as error:
            raise BillingRefused("bad_amount", value=amount) from error
        units = Decimal(1)
    line = extra_service_line(unit_price, units, plan)
    return _create(
        organization,
        line,
        actor=actor,
        contract=contract if plan is not None else None,
        service=service,
        description=description or (service.name if service else ""),
        reference=reference,
        audited=audited,
    )


def quote_onsite_by_time(
    organization: Organization,
    minutes: int,
    *,
    actor: Any,
    reference: str = "",
    service_key: str = "",
    on: dt.date | None = None,
) -> Quote:
    """Quote an on-site visit out of town by its total time (CustomSoft, seed 001: "Servicios
    especiales foráneos deberán cotizarse de acuerdo con el tiempo empleado total"): `minutes`
    rounded up to the plan's billing fraction, at the plan's hourly rate of the year or — given
    `service_key` — the catalogue service's price per hour, without discounts (pay-per-event
    "no incluyen descuentos"). Accepted, it bills an `onsite_visit` line and, out of town, the
    plan's travel expenses as their own line. BillingRefused "not_an_agent",
    "no_active_contract", "bad_minutes", "unknown_service", "no_hourly_rate"."""
    if not is_agent(actor):
        raise BillingRefused("not_an_agent")
    day = on or local_date(timezone.now(), organization.time_zone)
    contract = best_contract(organization, day)
    if contract is None:
        raise BillingRefused("no_active_contract", organization=organization, day=day)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes <= 0:
        raise BillingRefused("bad_minutes", value=minutes)
    plan = contract.plan
    if service_key:
        service = ExtraService.objects.filter(
            policy_id=organization.policy_id, key=service_key
        ).first()
        if service is None:
            raise BillingRefused("unknown_service", service=service_key)
        rate = Money(service.price, service.currency)
    else:
        service = None
        year_rate = hourly_rate(plan, day.year)
        if year_rate is None:
            raise BillingRefused("no_hourly_rate", organization=organization, day=day)
        rate = Money(year_rate, plan.currency)
    billed, _amount = bill_time(minutes, plan.billing_fraction_minutes, rate)
    line = price_line(rate, Decimal(billed) / _MINUTES_PER_HOUR, ())
    out_of_town = organization.locality == Organization.Locality.OUT_OF_TOWN
    return _create(
        organization,
        line,
        actor=actor,
        contract=contract,
        service=service,
        kind=Kind.ONSITE_VISIT,
        description=str(Kind.ONSITE_VISIT.label),
        reference=reference,
        travel_expenses=plan.travel_expenses if out_of_town else None,
    )


def accept_quote(quote: Quote, *, actor: Any, on: dt.date | None = None) -> list[Charge]:
    """The client (a contact of the organization) or an agent accepts the quote: it becomes its
    charge, of the quote's kind, dated `on` (default: the organization's today), plus a
    `travel_expenses` line when the quote carries them. Accepting twice bills once (the quote
    row is locked; the second call returns the first charges). One "billing.quote_accepted"
    event. BillingRefused "not_allowed", "quote_declined"."""
    organization = quote.organization
    if visible_organization(organization.pk, actor) is None:
        raise BillingRefused("not_allowed")
    with transaction.atomic():
        locked = Quote.objects.select_for_update().get(pk=quote.pk)
        if locked.status == Status.ACCEPTED:
            return list(locked.charges.order_by("pk"))
        if locked.status == Status.DECLINED:
            raise BillingRefused("quote_declined", quote=locked.description)
        day = on or local_date(timezone.now(), organization.time_zone)
        charges = [
            _save_line(
                quote_line(locked),
                kind=locked.kind,
                organization=organization,
                contract=locked.contract,
                quote=locked,
                description=_description(locked),
                occurred_on=day,
            )
        ]
        if locked.travel_expenses is not None and locked.contract is not None:
            charges.append(
                charge_travel_expenses(
                    organization,
                    locked.contract.plan,
                    contract=locked.contract,
                    on=day,
                    reference=locked.reference or locked.description,
                    quote=locked,
                )
            )
        locked.status = Status.ACCEPTED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        record(
            actor=actor,
            verb="billing.quote_accepted",
            target=locked,
            organization=organization,
            before={"status": Status.PROPOSED},
            after={"status": Status.ACCEPTED, "net": locked.net, "charges": len(charges)},
        )
        quote.refresh_from_db()
    return charges


def decline_quote(quote: Quote, *, actor: Any) -> Quote:
    """The client or an agent declines a proposed quote: nothing is billed. One
    "billing.quote_declined" event; a quote already decided is left as it is."""
    if visible_organization(quote.organization_id, actor) is None:
        raise BillingRefused("not_allowed")
    with transaction.atomic():
        declined = Quote.objects.filter(pk=quote.pk, status=Status.PROPOSED).update(
            status=Status.DECLINED, decided_at=timezone.now()
        )
        quote.refresh_from_db()
        if declined:
            record(
                actor=actor,
                verb="billing.quote_declined",
                target=quote,
                organization=quote.organization,
                before={"status": Status.PROPOSED},
                after={"status": Status.DECLINED},
            )
    return quote


def quote_line(quote: Quote) -> Line:
    """The quote priced again from its stored inputs (a charge made from it stores the same)."""
    discounts = tuple(Discount(d["label"], Decimal(d["percent"])) for d in quote.discounts)
    return price_line(
        Money(Decimal(quote.unit_price), quote.currency), Decimal(quote.quantity), discounts
    )


def _description(quote: Quote) -> str:
    return (
        f"{quote.description} · {quote.reference}"[:200] if quote.reference else quote.description
    )


def _quantity(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise BillingRefused("bad_quantity", value=value)
    quantity = Decimal(value)
    if (
        not quantity.is_finite()
        or quantity <= 0
        or quantity != quantity.quantize(Decimal("0.0001"))
    ):
        raise BillingRefused("bad_quantity", value=value)
    return quantity


def _create(
    organization: Organization,
    line: Line,
    *,
    actor: Any,
    contract: Contract | None,
    description: str,
    reference: str,
    service: ExtraService | None = None,
    kind: str = Kind.EXTRA_SERVICE,
    travel_expenses: Decimal | None = None,
    audited: bool = True,
) -> Quote:
    with transaction.atomic():
        quote = Quote.objects.create(
            organization=organization,
            contract=contract,
            service=service,
            kind=kind,
            description=description[:200],
            reference=reference,
            travel_expenses=travel_expenses,
            **line_fields(line),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if not audited:
            return quote
        record(
            actor=actor,
            verb="billing.quote_created",
            target=quote,
            organization=organization,
            after={
                "description": quote.description,
                "reference": reference,
                "gross": quote.gross,
                "net": quote.net,
                "currency": quote.currency,
            },
        )
    return quote
