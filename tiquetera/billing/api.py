"""An organization's monthly statement over HTTP (agents only). Amounts are strings, never
floats: a Decimal crosses JSON exactly only as text."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from tiquetera.contracts.selectors import AllowanceLine, visible_organization

from .errors import BillingRefused
from .selectors import Statement, StatementCharge, monthly_statement, parse_month

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
