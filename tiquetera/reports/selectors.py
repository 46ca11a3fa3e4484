"""SLA compliance and response times for a period: the numbers the vendors promise to monitor.

Compliance counts each case's clocks (DESIGN.md: clocks are rows) by outcome — met on time,
breached (late or still overdue), running — grouped by metric and by severity, organization or
agent, in one aggregate query per report. Times to first response and to resolution are in
business time on the policy's default calendar, computed for all cases at once with the
engine's NumPy form (`between_many`), with median and 90th percentile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import Count, Q, QuerySet

from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.policy.models import Policy
from tiquetera.sla.models import Clock
from tiquetera.tickets.models import Case

Grouping = Literal["severity", "organization", "agent"]
GROUP_FIELDS: dict[str, str] = {
    "severity": "case__severity",
    "organization": "case__organization__legal_name",
    "agent": "case__assignee__username",
}


@dataclass(frozen=True)
class Period:
    """Cases opened from `start` (included) to `end` (excluded), days in the policy's zone."""

    start: dt.date
    end: dt.date

    def bounds(self, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
        zone = ZoneInfo(time_zone)
        return (
            dt.datetime.combine(self.start, dt.time(), zone),
            dt.datetime.combine(self.end, dt.time(), zone),
        )


@dataclass(frozen=True)
class ComplianceRow:
    metric: str
    group: str
    met: int  # met on time
    breached: int  # met late, or overdue and still running
    running: int  # neither met nor due yet (or paused)
    total: int

    @property
    def rate(self) -> float | None:
        """Share met on time of those decided (met or breached); None when none is."""
        decided = self.met + self.breached
        return self.met / decided if decided else None


def cases_in(policy: Policy, period: Period) -> QuerySet[Case]:
    start, end = period.bounds(policy.time_zone)
    return Case.objects.filter(policy=policy, created_at__gte=start, created_at__lt=end)


def outcome_counts() -> dict[str, Count]:
    """A group of clocks' outcomes, as aggregate annotations: met on time, breached, running."""
    return {
        "met": Count("pk", filter=Q(state=Clock.State.MET, breached_at__isnull=True)),
        "breached": Count("pk", filter=Q(breached_at__isnull=False)),
        "running": Count(
            "pk",
            filter=Q(state__in=[Clock.State.RUNNING, Clock.State.PAUSED], breached_at__isnull=True),
        ),
        "total": Count("pk"),
    }


def compliance(policy: Policy, period: Period, by: Grouping = "severity") -> list[ComplianceRow]:
    """One row per metric and group, ordered by metric then group."""
    start, end = period.bounds(policy.time_zone)
    group = GROUP_FIELDS[by]
    rows = (
        Clock.objects.filter(
            case__policy=policy, case__created_at__gte=start, case__created_at__lt=end
        )
        .exclude(state=Clock.State.CANCELLED)
        .values("metric", group)
        .annotate(**outcome_counts())
        .order_by("metric", group)
    )
    return [
        ComplianceRow(
            metric=row["metric"],
            group=str(row[group] or "—"),
            met=row["met"],
            breached=row["breached"],
            running=row["running"],
            total=row["total"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class TimesRow:
    measure: str  # "first_response" or "resolution"
    severity: str
    count: int
    median_minutes: float | None
    p90_minutes: float | None


def response_times(policy: Policy, period: Period) -> list[TimesRow]:
    """Business minutes from a case's creation to its first public reply and to its resolution,
    per severity: how many, the median and the 90th percentile."""
    calendar = Calendar.objects.get(policy=policy, is_default=True)
    engine = engine_for(calendar)
    cases = cases_in(policy, period)
    rows: list[TimesRow] = []
    for measure, field in (("first_response", "first_response_at"), ("resolution", "resolved_at")):
        values = list(
            cases.filter(**{f"{field}__isnull": False})
            .order_by("severity")
            .values_list("severity", "created_at", field)
        )
        severities = sorted({severity for severity, _, _ in values})
        for severity in severities:
            pairs = [(a, b) for s, a, b in values if s == severity]
            starts = np.array([a.timestamp() for a, _ in pairs])
            ends = np.array([max(a, b).timestamp() for a, b in pairs])
            minutes = engine.between_many(starts, ends) / 60
            rows.append(
                TimesRow(
                    measure=measure,
                    severity=severity or "—",
                    count=len(pairs),
                    median_minutes=round(float(np.median(minutes)), 1),
                    p90_minutes=round(float(np.percentile(minutes, 90)), 1),
                )
            )
    return rows
