"""An organization's contracts and what is left of its plan, over HTTP: any organization's for
an agent, its own for a client."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from tiquetera.directory.models import Organization

from . import selectors

router = Router(tags=["contracts"])


class ContractOut(Schema):
    id: int
    plan: str
    plan_name: str
    service_type: str
    start: dt.date
    end: dt.date | None
    auto_renew: bool
    cancel_requested_on: dt.date | None
    status: str
    is_legacy: bool


class LineOut(Schema):
    priority: str | None
    cap: int | None
    used: int
    left: int | None
    usable: int | None  # min(priority left, total left); None: no limit
    limited_by: str  # "priority", "total" or "" (no cap): the limit that binds
    included: bool


class AllowanceOut(Schema):
    contract: int
    plan: str
    plan_name: str
    starts: dt.date
    last_day: dt.date
    total: LineOut
    priorities: list[LineOut]


def _organization(request: HttpRequest, organization_id: int) -> Organization:
    organization = selectors.visible_organization(organization_id, request.user)
    if organization is None:
        raise HttpError(404, "organization not found")
    return organization


def _line(line: selectors.AllowanceLine) -> dict[str, object]:
    return {
        "priority": line.priority,
        "cap": line.cap,
        "used": line.used,
        "left": line.left,
        "usable": line.usable,
        "limited_by": line.limited_by,
        "included": line.included,
    }


@router.get("/{organization_id}/contracts", response=list[ContractOut])
def list_contracts(request: HttpRequest, organization_id: int) -> list[dict[str, object]]:
    organization = _organization(request, organization_id)
    return [
        {
            "id": c.pk,
            "plan": c.plan.key,
            "plan_name": c.plan.name,
            "service_type": c.plan.service_type,
            "start": c.start,
            "end": c.end,
            "auto_renew": c.auto_renew,
            "cancel_requested_on": c.cancel_requested_on,
            "status": c.status,
            "is_legacy": c.is_legacy,
        }
        for c in selectors.contracts_of(organization, request.user)
    ]


@router.get("/{organization_id}/allowance", response=list[AllowanceOut])
def allowance(
    request: HttpRequest, organization_id: int, at: dt.date | None = None
) -> list[dict[str, object]]:
    """What is left in the quota period holding `at` (default: today), per contract in force."""
    organization = _organization(request, organization_id)
    return [
        {
            "contract": a.contract.pk,
            "plan": a.contract.plan.key,
            "plan_name": a.contract.plan.name,
            "starts": a.starts,
            "last_day": a.ends - dt.timedelta(days=1),
            "total": _line(a.total),
            "priorities": [_line(line) for line in a.priorities],
        }
        for a in selectors.remaining_allowance(organization, at or timezone.now())
    ]
