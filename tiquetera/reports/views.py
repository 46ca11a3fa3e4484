"""The SLA report as CSV, for spreadsheets, and the dashboard with a CSV per chart."""

import csv
import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tiquetera.core.permissions import agent_required
from tiquetera.policy.models import Policy

from . import selectors
from .charts import CHARTS
from .dashboards import Month, metric_label


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
    group = {"severity": _("severity"), "organization": _("organization"), "agent": _("agent")}
    writer.writerow(
        [_("metric"), group[by], _("met"), _("breached"), _("running"), _("total"), "%"]
    )
    for row in selectors.compliance(policy, period, by):  # type: ignore[arg-type]
        rate = "" if row.rate is None else f"{row.rate * 100:.1f}"
        writer.writerow(
            [
                metric_label(row.metric),
                row.group,
                row.met,
                row.breached,
                row.running,
                row.total,
                rate,
            ]
        )
    return response


def _dashboard_scope(request: HttpRequest) -> tuple[list[Policy], Policy | None, Month]:
    """The policies to pick from, the one asked for (`?policy=SLUG`, else the first) and the
    month (`?month=2026-11`, else the current one in the policy's time zone)."""
    policies = list(Policy.objects.order_by("name", "pk").only("slug", "name", "time_zone"))
    slug = request.GET.get("policy")
    policy = next((p for p in policies if p.slug == slug), None) if slug else None
    if slug and policy is None:
        raise Http404(_("There is no policy %(slug)s.") % {"slug": slug})
    policy = policy or (policies[0] if policies else None)
    time_zone = policy.time_zone if policy else timezone.get_current_timezone_name()
    try:
        month = (
            Month.parse(request.GET["month"])
            if request.GET.get("month")
            else Month.holding(timezone.now(), time_zone)
        )
    except ValueError:
        raise Http404(_("Give the month as a year and month such as 2026-11.")) from None
    return policies, policy, month


@agent_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """/reports/dashboard/?policy=SLUG&month=2026-11: the charts, each with its table and CSV."""
    policies, policy, month = _dashboard_scope(request)
    now = timezone.now()
    charts = [build(policy, month, now) for build in CHARTS.values()] if policy else []
    return render(
        request,
        "reports/dashboard.html",
        {"policies": policies, "policy": policy, "month": month, "charts": charts},
    )


@agent_required
def dashboard_csv(request: HttpRequest, chart: str) -> HttpResponse:
    """/reports/dashboard/CHART.csv?policy=SLUG&month=2026-11: one chart's numbers."""
    build = CHARTS.get(chart)
    _policies, policy, month = _dashboard_scope(request)
    if build is None or policy is None:
        raise Http404(_("There is no such chart."))
    found = build(policy, month, timezone.now())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart}-{policy.slug}-{month}.csv"'
    writer = csv.writer(response)
    writer.writerow(found.header)
    for row in found.rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return response
