"""An organization's monthly statement over HTTP (agents only). Amounts are strings, never
floats: a Decimal crosses JSON exactly only as text."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from tiquetera.api.fields import DecimalText
from tiquetera.contracts.selectors import AllowanceLine, visible_organization
from tiquetera.directory.models import Organization

from . import quotes
from .errors import BillingRefused
from .models import Charge, Quote
from .selectors import (
    Statement,
    StatementCharge,
    monthly_statement,
    parse_month,
    quotes_of,
    statement_charge,
)

router = Router(tags=["billing"])


class DiscountOut(Schema):
    label: str
    percent: str
    amount: str


class ChargeOut(Schema):
    id: int
    kind: str
    description: str
    occurred_on: dt.date
    quantity: str
    unit_price: str
    currency: str
    gross: str
    discounts: list[DiscountOut]
    net: str
    credited: bool


class TotalsOut(Schema):
    currency: str
    gross: str
    discounts: str
    net: str
    count: int


class CoveredOut(Schema):
    priority: str
    cases: int


class AllowanceLineOut(Schema):
    priority: str | None
    cap: int | None
    used: int
    left: int | None
    usable: int | None  # min(priority left, total left); None: no limit
    limited_by: str  # "priority", "total" or "" (no cap): the limit that binds


class AllowanceOut(Schema):
    contract: int
    plan: str
    total: AllowanceLineOut
    priorities: list[AllowanceLineOut]


class StatementOut(Schema):
    organization: int
    month: str
    allowance_on: dt.date
    covered: list[CoveredOut]
    allowance: list[AllowanceOut]
    charges: list[ChargeOut]
    credited: list[ChargeOut]
    totals: list[TotalsOut]


def _charge(line: StatementCharge) -> dict[str, object]:
    charge = line.charge
    return {
        "id": charge.pk,
        "kind": charge.kind,
        "description": charge.description,
        "occurred_on": charge.occurred_on,
        "quantity": str(charge.quantity.normalize()),
        "unit_price": str(charge.unit_price),
        "currency": charge.currency,
        "gross": str(charge.gross),
        "discounts": [
            {"label": d.label, "percent": str(d.percent), "amount": str(d.amount)}
            for d in line.discounts
        ],
        "net": str(charge.net),
        "credited": charge.credited,
    }


def _allowance_line(line: AllowanceLine) -> dict[str, object]:
    return {
        "priority": line.priority,
        "cap": line.cap,
        "used": line.used,
        "left": line.left,
        "usable": line.usable,
        "limited_by": line.limited_by,
    }


def _out(statement: Statement) -> dict[str, object]:
    return {
        "organization": statement.organization.pk,
        "month": statement.label,
        "allowance_on": statement.allowance_on,
        "covered": [{"priority": c.priority, "cases": c.cases} for c in statement.covered],
        "allowance": [
            {
                "contract": a.contract.pk,
                "plan": a.contract.plan.key,
                "total": _allowance_line(a.total),
                "priorities": [_allowance_line(line) for line in a.priorities],
            }
            for a in statement.allowance
        ],
        "charges": [_charge(line) for line in statement.charges],
        "credited": [_charge(line) for line in statement.credited],
        "totals": [
            {
                "currency": t.currency,
                "gross": str(t.gross),
                "discounts": str(t.discounts),
                "net": str(t.net),
                "count": t.count,
            }
            for t in statement.totals
        ],
    }


@router.get("/{organization_id}/statement", response=StatementOut)
def statement(request: HttpRequest, organization_id: int, month: str) -> dict[str, object]:
    """The organization's statement for `month` (YYYY-MM): covered cases by priority, what is
    left, the month's charges with each discount, and totals per currency."""
    organization = visible_organization(organization_id, request.user)
    if organization is None:
        raise HttpError(404, "organization not found")
    try:
        year, number = parse_month(month)
        return _out(monthly_statement(organization, year, number))
    except BillingRefused as refused:
        raise HttpError(400, refused.message) from None


# --- quotes ---------------------------------------------------------------------------------------
class QuoteIn(Schema):
    service: str = Field("", max_length=50)  # the key of a service of the policy's catalogue
    quantity: DecimalText = "1"  # a decimal as text, e.g. "12" hours or "1.5"
    reference: str = Field("", max_length=100)
    # an on-site visit to a client out of town, quoted by its total time (seed 001): the
    # minutes, at the plan's hourly rate or — with `service` — the service's price per hour
    onsite_minutes: int | None = Field(None, ge=1)


class QuoteOut(Schema):
    id: int
    kind: str
    description: str
    reference: str
    quantity: str
    unit_price: str
    currency: str
    gross: str
    discounts: list[DiscountOut]
    net: str
    travel_expenses: str | None
    status: str


def _quote(quote: Quote) -> dict[str, object]:
    return {
        "id": quote.pk,
        "kind": quote.kind,
        "description": quote.description,
        "reference": quote.reference,
        "quantity": str(quote.quantity.normalize()),
        "unit_price": str(quote.unit_price),
        "currency": quote.currency,
        "gross": str(quote.gross),
        "discounts": [
            {"label": d["label"], "percent": d["percent"], "amount": d["amount"]}
            for d in quote.discounts
        ],
        "net": str(quote.net),
        "travel_expenses": None if quote.travel_expenses is None else str(quote.travel_expenses),
        "status": quote.status,
    }


def _visible(request: HttpRequest, organization_id: int) -> Organization:
    organization = visible_organization(organization_id, request.user)
    if organization is None:
        raise HttpError(404, "organization not found")
    return organization


@router.get("/{organization_id}/quotes", response=list[QuoteOut])
def list_quotes(request: HttpRequest, organization_id: int) -> list[dict[str, object]]:
    """The organization's quotes, newest first (its contacts see their own organization's)."""
    organization = _visible(request, organization_id)
    return [_quote(quote) for quote in quotes_of(organization, viewer=request.user)]


@router.post("/{organization_id}/quotes", response={201: QuoteOut})
def create_quote(
    request: HttpRequest, organization_id: int, payload: QuoteIn
) -> Status[dict[str, object]]:
    """Quote an extra service of the catalogue (agents): its price less the client's plan
    discount on extra services, as a step; or, with `onsite_minutes`, an on-site visit out of
    town by its total time (accepted, it bills the visit and the travel expenses apart)."""
    organization = _visible(request, organization_id)
    quantity = Decimal(payload.quantity)
    try:
        if payload.onsite_minutes is not None:
            quote = quotes.quote_onsite_by_time(
                organization,
                payload.onsite_minutes,
                actor=request.user,
                reference=payload.reference,
                service_key=payload.service,
            )
        else:
            quote = quotes.quote_extra_service(
                organization,
                payload.service,
                quantity,
                actor=request.user,
                reference=payload.reference,
            )
    except BillingRefused as refused:
        raise HttpError(403 if refused.code == "not_an_agent" else 400, refused.message) from None
    return Status(201, _quote(quote))


@router.post("/{organization_id}/quotes/{quote_id}/accept", response=list[ChargeOut])
def accept_quote(
    request: HttpRequest, organization_id: int, quote_id: int
) -> list[dict[str, object]]:
    """The client (or an agent) accepts the quote: its charge(s), billed once."""
    organization = _visible(request, organization_id)
    quote = Quote.objects.filter(pk=quote_id, organization=organization).first()
    if quote is None:
        raise HttpError(404, "quote not found")
    try:
        charges: list[Charge] = quotes.accept_quote(quote, actor=request.user)
    except BillingRefused as refused:
        raise HttpError(400, refused.message) from None
    return [_charge(statement_charge(charge)) for charge in charges]
