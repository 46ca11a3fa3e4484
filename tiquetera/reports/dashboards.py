"""The dashboard's numbers: one aggregate query per chart, bounded output, days in the policy's
time zone.

Snapshots of now (open cases by severity and age, agent load, quota use in the current
periods, breaches today) and figures for a month (SLA compliance of the cases opened in it,
satisfaction answers given in it). No loop over cases in Python: each selector groups in the
database on stored columns (a case's status, severity rank, assignee, `sla_breached`; a
clock's `breached_at`; a period's counters) and returns at most a few dozen rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.db.models import Avg, Count, F, Model, Q, QuerySet, Sum
from django.db.models.lookups import Exact

from tiquetera.contracts.models import Contract, EntitlementPeriod
from tiquetera.policy.models import Policy
from tiquetera.portal.models import Satisfaction
from tiquetera.sla.models import Clock, Metric
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import UNFINISHED, StatusIn

from .selectors import ComplianceRow, Period, outcome_counts

M = TypeVar("M", bound=Model)

AGE_BUCKET_DAYS = (1, 3, 7)  # <1 day, 1–3, 3–7, >7 days
TOP = 20  # rows of the quota, agent and latest-breach lists


@dataclass(frozen=True)
class Month:
    """A calendar month, its days counted in the policy's time zone."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """ "2026-11" → Month(2026, 11); ValueError otherwise."""
        day = dt.date.fromisoformat(f"{text}-01")
        return cls(day.year, day.month)

    @classmethod
    def holding(cls, moment: dt.datetime, time_zone: str) -> Month:
        day = moment.astimezone(ZoneInfo(time_zone)).date()
        return cls(day.year, day.month)

    @property
    def period(self) -> Period:
        start = dt.date(self.year, self.month, 1)
        end = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return Period(start, end)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _of_policy(rows: QuerySet[M], policy: Policy) -> QuerySet[M]:
    """`rows` (of a model with a `case`) whose case is the policy's, found from the rows' own
    index (a day's breaches, a month's answers) and not from the policy's: a desk has one policy
    or a few, so its cases are most cases, and SQLite, which plans without statistics, walked
    them all by the policy's index when it could (1.2 s for the day's breaches at 100,000 cases,
    0.3 ms from their own index). `+ 0` keeps the policy's index out of the plan."""
    return rows.filter(Exact(F("case__policy_id") + 0, policy.pk))


def day_bounds(moment: dt.datetime, time_zone: str) -> tuple[dt.datetime, dt.datetime]:
    """The local day holding `moment` in `time_zone`, as [start, end)."""
    day = moment.astimezone(ZoneInfo(time_zone)).date()
    return Period(day, day + dt.timedelta(days=1)).bounds(time_zone)


# --- open cases by severity and age --------------------------------------------------------------
@dataclass(frozen=True)
class AgeRow:
    severity: str
    under_1: int  # opened less than a day ago
    from_1_to_3: int
    from_3_to_7: int
    over_7: int

    @property
    def total(self) -> int:
        return self.under_1 + self.from_1_to_3 + self.from_3_to_7 + self.over_7


def open_cases_by_age(policy: Policy, now: dt.datetime) -> list[AgeRow]:
    """Open cases per severity (the policy's order: most urgent first) and age in days since
    they were received."""
    one, three, seven = (now - dt.timedelta(days=days) for days in AGE_BUCKET_DAYS)
    rows = (
        Case.objects.filter(StatusIn(UNFINISHED), policy=policy)  # the partial indexes' condition
        .values("severity_rank", "severity")
        .annotate(
            under_1=Count("created_at", filter=Q(created_at__gt=one)),
            from_1_to_3=Count("created_at", filter=Q(created_at__gt=three, created_at__lte=one)),
            from_3_to_7=Count("created_at", filter=Q(created_at__gt=seven, created_at__lte=three)),
            over_7=Count("created_at", filter=Q(created_at__lte=seven)),
        )
        .order_by("severity_rank", "severity")
    )
    return [
        AgeRow(
            severity=row["severity"] or "—",
            under_1=row["under_1"],
            from_1_to_3=row["from_1_to_3"],
            from_3_to_7=row["from_3_to_7"],
            over_7=row["over_7"],
        )
        for row in rows
    ]


# --- SLA compliance per target metric ------------------------------------------------------------
def compliance_by_metric(policy: Policy, month: Month) -> list[ComplianceRow]:
    """Clocks of the cases opened in `month`, per metric (in the policy file's order): met on
    time, breached, running — counted as the SLA report counts them (`selectors.compliance`)."""
    start, end = month.period.bounds(policy.time_zone)
    rows = (
        Clock.objects.filter(
            case__policy=policy, case__created_at__gte=start, case__created_at__lt=end
        )
        .exclude(state=Clock.State.CANCELLED)
        .values("metric")
        .annotate(**outcome_counts())
        .order_by()
    )
    found: dict[str, dict[str, Any]] = {row["metric"]: dict(row) for row in rows}
    return [
        ComplianceRow(
            metric=metric,
            group="",
            **{key: found[metric][key] for key in ("met", "breached", "running", "total")},
        )
        for metric in sorted(found, key=metric_order)
    ]


def metric_label(metric: str) -> str:
    """The metric's name in the reader's language (an unknown one as it is stored)."""
    return str(Metric(metric).label) if metric in Metric.values else metric


def metric_order(metric: str) -> tuple[int, str]:
    """First response, assignment, resolution, progress update; unknown ones last."""
    order = [choice.value for choice in Metric]
    return (order.index(metric) if metric in order else len(order), metric)


# --- breaches today ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Breach:
    number: str
    subject: str
    organization: str
    severity: str
    metric: str
    breached_at: dt.datetime
    assignee: str

    @property
    def metric_label(self) -> str:
        return metric_label(self.metric)


@dataclass(frozen=True)
class BreachesToday:
    by_metric: list[tuple[str, int]]
    latest: list[Breach]  # newest first, at most TOP

    @property
    def count(self) -> int:
        return sum(count for _, count in self.by_metric)


def breaches_today(policy: Policy, now: dt.datetime) -> BreachesToday:
    """The clocks that fell due unmet today (the policy's day): how many per metric, and the
    latest ones with their case."""
    start, end = day_bounds(now, policy.time_zone)
    clocks = _of_policy(
        Clock.objects.filter(breached_at__gte=start, breached_at__lt=end), policy
    ).exclude(state=Clock.State.CANCELLED)
    counts = {
        row["metric"]: row["n"]
        for row in clocks.values("metric").annotate(n=Count("pk")).order_by()
    }
    by_metric = [(metric, counts[metric]) for metric in sorted(counts, key=metric_order)]
    latest = [
        Breach(
            number=row["case__number"],
            subject=row["case__subject"],
            organization=row["case__organization__legal_name"] or "—",
            severity=row["case__severity"] or "—",
            metric=row["metric"],
            breached_at=row["breached_at"] or start,  # never empty: filtered on it
            assignee=row["case__assignee__username"] or "",
        )
        for row in clocks.order_by("-breached_at", "-pk").values(
            "case__number",
            "case__subject",
            "case__organization__legal_name",
            "case__severity",
            "metric",
            "breached_at",
            "case__assignee__username",
        )[:TOP]
    ]
    return BreachesToday(by_metric=by_metric, latest=latest)


# --- quota use per organization ------------------------------------------------------------------
@dataclass(frozen=True)
class QuotaUse:
    organization: str
    used: int
    cap: int | None  # None: a contract in force has no total cap

    @property
    def share(self) -> float | None:
        return self.used / self.cap if self.cap else None


def quota_use(policy: Policy, now: dt.datetime) -> list[QuotaUse]:
    """Tickets used against the total caps of the organizations' current quota periods (all
    their active contracts together), the TOP most used first. A period opens with a
    contract's first case in it, so an organization with no case yet this period is absent."""
    day = now.astimezone(ZoneInfo(policy.time_zone)).date()
    rows = (
        EntitlementPeriod.objects.filter(
            contract__organization__policy=policy,
            contract__status=Contract.Status.ACTIVE,
            starts__lte=day,
            ends__gt=day,
            expired_on__isnull=True,
        )
        .values("contract__organization_id", "contract__organization__legal_name")
        .annotate(
            used=Sum("total_used"),
            cap=Sum("total_cap"),
            uncapped=Count("pk", filter=Q(total_cap__isnull=True)),
        )
        .order_by("-used", "contract__organization__legal_name")[:TOP]
    )
    return [
        QuotaUse(
            organization=row["contract__organization__legal_name"],
            used=row["used"] or 0,
            cap=None if row["uncapped"] else row["cap"],
        )
        for row in rows
    ]


# --- agent load ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgentLoad:
    agent: str  # "" for the cases nobody is assigned
    open: int
    breached: int  # of those, with a breached clock

    @property
    def on_time(self) -> int:
        return self.open - self.breached


def agent_load(policy: Policy) -> list[AgentLoad]:
    """Open cases per assignee (unassigned ones as one row), the TOP busiest first."""
    # grouped by the id alone and counting rows (not ids), so the count reads the partial
    # index only; the names come after
    rows = list(
        Case.objects.filter(StatusIn(UNFINISHED), policy=policy)  # the partial indexes' condition
        .values("assignee_id")
        .annotate(open=Count("*"), breached=Count("sla_breached", filter=Q(sla_breached=True)))
        .order_by("-open", "assignee_id")[:TOP]
    )
    ids = [row["assignee_id"] for row in rows if row["assignee_id"] is not None]
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))
    loads = [
        AgentLoad(
            agent=names.get(row["assignee_id"], ""),
            open=row["open"],
            breached=row["breached"],
        )
        for row in rows
    ]
    return sorted(
        loads, key=lambda load: (-load.open, load.agent)
    )  # ties: by name, same on every DB


# --- satisfaction --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SatisfactionMonth:
    average: float | None
    counts: list[tuple[int, int]]  # (score, answers) for scores 1 to 5

    @property
    def answers(self) -> int:
        return sum(count for _, count in self.counts)


def satisfaction(policy: Policy, month: Month) -> SatisfactionMonth:
    """The clients' survey answers given in `month`: average score and how many of each."""
    start, end = month.period.bounds(policy.time_zone)
    scores = list(Satisfaction.SCORES)
    found = _of_policy(
        Satisfaction.objects.filter(created__gte=start, created__lt=end), policy
    ).aggregate(
        average=Avg("score"),
        **{f"n{score}": Count("pk", filter=Q(score=score)) for score in scores},
    )
    average = found["average"]
    return SatisfactionMonth(
        average=None if average is None else round(float(average), 2),
        counts=[(score, found[f"n{score}"]) for score in scores],
    )
