"""SLA compliance and response times over HTTP (agents only)."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from tiquetera.api.errors import Error
from tiquetera.policy.models import Policy

from . import selectors

router = Router(tags=["reports"])


class ComplianceOut(Schema):
    metric: str
    group: str
    met: int
    breached: int
    running: int
    total: int
    rate: float | None


class TimesOut(Schema):
    measure: str
    severity: str
    count: int
    median_minutes: float | None
    p90_minutes: float | None


class SlaReportOut(Schema):
    policy: str
    start: dt.date
    end: dt.date
    by: str
    compliance: list[ComplianceOut]
    times: list[TimesOut]


@router.get("/sla", response={200: SlaReportOut, 404: Error})  # 404: `policy`
def sla_report(
    request: HttpRequest,
    policy: str,
    start: dt.date,
    end: dt.date,
    by: selectors.Grouping = "severity",
) -> dict[str, object]:
    """Compliance per metric and severity, organization or agent, and business times to first
    response and resolution, for the cases opened in [start, end)."""
    found = get_object_or_404(Policy, slug=policy)
    period = selectors.Period(start, end)
    return {
        "policy": found.slug,
        "start": start,
        "end": end,
        "by": by,
        "compliance": [
            {**row.__dict__, "rate": row.rate} for row in selectors.compliance(found, period, by)
        ],
        "times": [row.__dict__ for row in selectors.response_times(found, period)],
    }
