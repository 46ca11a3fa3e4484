"""The dashboard's charts: each selector's numbers as one table (the CSV and the page's table) and
one Chart.js configuration built from the same rows, so the picture and the export agree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tiquetera.policy.models import Policy

from . import dashboards
from .dashboards import Month, metric_label
from .selectors import ComplianceRow

Cell = str | int | float | None


@dataclass(frozen=True)
class Dataset:
    label: str
    data: list[int | float | None]
    color: str  # a name dashboard.js maps to a colour: "ok", "late", "running", "neutral"…


@dataclass(frozen=True)
class Chart:
    key: str  # in the URL (/reports/dashboard/KEY.csv) and the page's element ids
    title: str
    header: list[str]
    rows: list[list[Cell]]
    labels: list[str]
    datasets: list[Dataset]
    stacked: bool = False
    horizontal: bool = False
    summary: str = ""  # one line under the title: a total, an average
    details: Any = field(default=None, compare=False)  # what the page lists below the chart

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.key}"

    def config(self) -> dict[str, object]:
        """What dashboard.js reads (through json_script) to draw the chart."""
        return {
            "labels": self.labels,
            "datasets": [dataset.__dict__ for dataset in self.datasets],
            "stacked": self.stacked,
            "horizontal": self.horizontal,
        }


def number(value: float, decimals: int | None = None) -> str:
    """In the reader's locale (Spanish by default: 4,25; 1.234 with the separator on)."""
    return formats.number_format(value, decimals, use_l10n=True)


def percent(rate: float | None) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def open_cases_chart(rows: list[dashboards.AgeRow]) -> Chart:
    buckets = [_("under 1 day"), _("1–3 days"), _("3–7 days"), _("over 7 days")]
    counts = [[r.under_1, r.from_1_to_3, r.from_3_to_7, r.over_7] for r in rows]
    colors = ["ok", "running", "warning", "late"]
    total = sum(r.total for r in rows)
    return Chart(
        key="open-cases",
        title=_("Open cases by severity and age"),
        header=[_("severity"), *buckets, _("total")],
        rows=[[r.severity, *line, r.total] for r, line in zip(rows, counts, strict=True)],
        labels=[r.severity for r in rows],
        datasets=[
            Dataset(bucket, [line[i] for line in counts], colors[i])
            for i, bucket in enumerate(buckets)
        ],
        stacked=True,
        summary=ngettext("%(count)s open case", "%(count)s open cases", total)
        % {"count": number(total)},
    )


def compliance_chart(rows: list[ComplianceRow]) -> Chart:
    return Chart(
        key="compliance",
        title=_("SLA compliance this month per target"),
        header=[_("metric"), _("met"), _("breached"), _("running"), _("total"), "%"],
        rows=[
            [metric_label(r.metric), r.met, r.breached, r.running, r.total, percent(r.rate)]
            for r in rows
        ],
        labels=[metric_label(r.metric) for r in rows],
        datasets=[
            Dataset(_("met"), [r.met for r in rows], "ok"),
            Dataset(_("breached"), [r.breached for r in rows], "late"),
            Dataset(_("running"), [r.running for r in rows], "running"),
        ],
        stacked=True,
    )


def breaches_chart(found: dashboards.BreachesToday) -> Chart:
    return Chart(
        key="breaches",
        title=_("Breaches today"),
        header=[_("metric"), _("breaches")],
        rows=[[metric_label(metric), count] for metric, count in found.by_metric],
        labels=[metric_label(metric) for metric, _count in found.by_metric],
        datasets=[Dataset(_("breaches"), [count for _m, count in found.by_metric], "late")],
        summary=_("%(count)s today") % {"count": number(found.count)},
        details=found.latest,
    )


def quota_chart(rows: list[dashboards.QuotaUse]) -> Chart:
    return Chart(
        key="quota",
        title=_("Quota use per organization"),
        header=[_("organization"), _("used"), _("cap"), "%"],
        rows=[[r.organization, r.used, r.cap, percent(r.share)] for r in rows],
        labels=[r.organization for r in rows],
        datasets=[
            Dataset(_("used"), [r.used for r in rows], "running"),
            Dataset(
                _("left"), [None if r.cap is None else max(r.cap - r.used, 0) for r in rows], "ok"
            ),
        ],
        stacked=True,
        horizontal=True,
    )


def agents_chart(rows: list[dashboards.AgentLoad]) -> Chart:
    names = [r.agent or _("unassigned") for r in rows]
    return Chart(
        key="agents",
        title=_("Agent load"),
        header=[_("agent"), _("on time"), _("breached"), _("open cases")],
        rows=[[name, r.on_time, r.breached, r.open] for name, r in zip(names, rows, strict=True)],
        labels=names,
        datasets=[
            Dataset(_("on time"), [r.on_time for r in rows], "ok"),
            Dataset(_("breached"), [r.breached for r in rows], "late"),
        ],
        stacked=True,
        horizontal=True,
    )


def satisfaction_chart(found: dashboards.SatisfactionMonth) -> Chart:
    summary = (
        ngettext(
            "average %(average)s from %(answers)s answer",
            "average %(average)s from %(answers)s answers",
            found.answers,
        )
        % {"average": number(found.average, 2), "answers": number(found.answers)}
        if found.average is not None
        else _("no answers yet")
    )
    return Chart(
        key="satisfaction",
        title=_("Satisfaction this month"),
        header=[_("score"), _("answers")],
        rows=[[score, count] for score, count in found.counts],
        labels=[str(score) for score, _count in found.counts],
        datasets=[Dataset(_("answers"), [count for _s, count in found.counts], "neutral")],
        summary=summary,
        details=found,
    )


Builder = Callable[[Policy, Month, dt.datetime], Chart]

# In the page's order; each one query (breaches: two), none reading cases one by one.
CHARTS: dict[str, Builder] = {
    "open-cases": lambda p, m, now: open_cases_chart(dashboards.open_cases_by_age(p, now)),
    "compliance": lambda p, m, now: compliance_chart(dashboards.compliance_by_metric(p, m)),
    "breaches": lambda p, m, now: breaches_chart(dashboards.breaches_today(p, now)),
    "quota": lambda p, m, now: quota_chart(dashboards.quota_use(p, now)),
    "agents": lambda p, m, now: agents_chart(dashboards.agent_load(p)),
    "satisfaction": lambda p, m, now: satisfaction_chart(dashboards.satisfaction(p, m)),
}
