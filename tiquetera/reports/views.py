"""The SLA report as CSV, for spreadsheets."""

import csv
import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from tiquetera.core.permissions import agent_required
from tiquetera.policy.models import Policy

from . import selectors


@agent_required
def sla_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """/reports/POLICY/sla.csv?start=2026-11-01&end=2026-12-01&by=severity"""
    policy = get_object_or_404(Policy, slug=slug)
    try:
        period = selectors.Period(
            dt.date.fromisoformat(request.GET.get("start", "")),
            dt.date.fromisoformat(request.GET.get("end", "")),
        )
    except ValueError:
        raise Http404(_("Give start and end as dates such as 2026-11-01.")) from None
    by = request.GET.get("by", "severity")
    if by not in selectors.GROUP_FIELDS:
        raise Http404(_("Group by severity, organization or agent."))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="sla-{slug}-{period.start}-{period.end}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([_("metric"), by, _("met"), _("breached"), _("running"), _("total"), "%"])
    for row in selectors.compliance(policy, period, by):  # type: ignore[arg-type]
        rate = "" if row.rate is None else f"{row.rate * 100:.1f}"
        writer.writerow(
            [row.metric, row.group, row.met, row.breached, row.running, row.total, rate]
        )
    return response
