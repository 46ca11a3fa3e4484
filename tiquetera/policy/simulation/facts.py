"""What a case's arrival came to — its intake verdict, what it consumed and what that is worth —
and what its SLA clocks came to, read the same way from a recorded case and from its replay, so
that the two compare field by field (the identity test compares them all)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import prefetch_related_objects

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.models import Consumption
from tiquetera.sla.models import Clock, Metric
from tiquetera.tickets.models import Case, IntakeCheck
from tiquetera.tickets.statuses import QUEUE_STATUSES

# The metrics compared (a progress update: its last interval, restarted at the last agent's
# reply); a fix date is R&D's, not the policy's.
COMPARED = (
    Metric.FIRST_RESPONSE,
    Metric.ASSIGNMENT,
    Metric.RESOLUTION,
    Metric.PROGRESS_UPDATE,
)
CONSUMPTION_RULE = "consumption"  # the deciding "rule" of a verdict the plan's quota gave
Outcome = Consumption.Outcome
T = TypeVar("T")
PRICED_KIND: dict[str, str] = {
    Outcome.EXTRA: "extra_ticket",
    Outcome.EXTRA_OFFERED: "extra_ticket",
    Outcome.AWAITING_PURCHASE_ORDER: "per_event",
    Outcome.AWAITING_ACCEPTANCE: "per_event",
    Outcome.PER_EVENT: "per_event",
}


@dataclass(frozen=True)
class ClockFacts:
    metric: str
    calendar: str  # the calendar's key
    target_minutes: int
    due_at: dt.datetime | None
    state: str
    late: bool  # met late, or running past its due time at the report's moment

    def key(self) -> tuple[object, ...]:
        return (self.calendar, self.target_minutes, self.due_at, self.state, self.late)


QueueKey = tuple[int, int, dt.datetime | None]


@dataclass(frozen=True)
class CaseFacts:
    number: str  # the recorded case's number (a replay is named by the case it replays)
    organization: str
    received_at: dt.datetime
    case_type: str
    severity: str
    priority: str
    status: str  # the status the arrival left it in
    intake: str
    reason: str
    rule: str
    consumption: str  # the consumption's outcome at arrival ("" for none)
    plan: str  # the plan whose ticket it took, or that priced it
    kind: str  # "extra_ticket", "per_event" or "": what it would bill
    amount: Decimal | None
    currency: str
    clocks: tuple[ClockFacts, ...] = ()
    # its place in the agents' queue at the report's moment (severity rank, plan rank, next SLA
    # deadline: `desk.queue.ORDER`); None when it is not in the queue (waiting, resolved, closed)
    queue_key: QueueKey | None = None

    def verdict(self) -> tuple[str, str, str]:
        return (self.intake, self.reason, self.consumption)

    def clock(self, metric: str) -> ClockFacts | None:
        return next((c for c in self.clocks if c.metric == metric), None)


# Reads by primary key go this many at a time: one statement per batch, not per case, and within
# PostgreSQL's 65,535 parameters (and SQLite's 32,766) a statement.
BATCH = 2_000


def batches(items: Sequence[T], size: int = 0) -> Iterator[Sequence[T]]:
    size = size or BATCH
    for start in range(0, len(items), size):
        yield items[start : start + size]


def arrivals_of(cases: Sequence[Case]) -> dict[int, dict[str, str]]:
    """Per case, the "case.created" event's record of how its arrival went."""
    found: dict[int, dict[str, str]] = {}
    case_type = ContentType.objects.get_for_model(Case)
    for batch in batches(cases):
        events = AuditEvent.objects.filter(
            verb="case.created",
            content_type=case_type,
            object_id__in=[str(case.pk) for case in batch],
        ).values_list("object_id", "after")
        found.update((int(pk), after) for pk, after in events)
    return found


Check = tuple[str, str]  # an intake check's code and rule


def checks_of(cases: Sequence[Case]) -> dict[int, list[Check]]:
    """Per case, its intake checks' codes and rules in the order they were made: one read a
    batch, no model built."""
    found: dict[int, list[Check]] = {case.pk: [] for case in cases}
    for batch in batches(cases):
        rows = IntakeCheck.objects.filter(case__in=[case.pk for case in batch])
        for case_id, code, rule in rows.order_by("pk").values_list("case_id", "code", "rule"):
            found[case_id].append((code, rule))
    return found


def _rule(case: Case, reason: str, checks: Sequence[Check] | None) -> str:
    if not reason:
        return ""
    if checks is None:
        made = sorted(case.intake_checks.all(), key=lambda check: check.pk)
        checks = [(check.code, check.rule) for check in made]
    found = next((rule for code, rule in checks if code == reason), None)
    return found or CONSUMPTION_RULE


def _plan(consumption: Consumption | None) -> str:
    if consumption is None:
        return ""
    if consumption.contract is not None:
        return consumption.contract.plan.key
    return consumption.plan.key if consumption.plan is not None else ""


def clock_facts(clocks: Iterable[Clock], as_of: dt.datetime) -> tuple[ClockFacts, ...]:
    found = []
    for clock in sorted(clocks, key=lambda c: c.metric):
        if clock.metric not in COMPARED:
            continue
        if clock.state == Clock.State.RUNNING:
            late = clock.due_at is not None and clock.due_at <= as_of
        else:
            late = clock.used_minutes > clock.target_minutes
        found.append(
            ClockFacts(
                metric=clock.metric,
                calendar=clock.calendar.key,
                target_minutes=clock.target_minutes,
                due_at=clock.due_at,
                state=clock.state,
                late=late,
            )
        )
    return tuple(found)


def case_facts(
    case: Case,
    arrival: dict[str, str],
    as_of: dt.datetime,
    *,
    number: str = "",
    clocks: Iterable[Clock] | None = None,
    checks: Sequence[Check] | None = None,
) -> CaseFacts:
    """The facts of `case`; `arrival`: its "case.created" event's `after` (how it arrived);
    `clocks`: its clocks when they are kept elsewhere than in the database (a replay's);
    `checks`: its intake checks as `checks_of` read them (else they are read)."""
    consumption = case.consumption
    outcome = arrival.get("consumption", consumption.outcome if consumption else "")
    priced = PRICED_KIND.get(outcome, "") if consumption is not None else ""
    reason = arrival.get("reason", case.intake_reason)
    return CaseFacts(
        number=number or case.number,
        organization=case.organization.legal_name,
        received_at=case.created_at,
        case_type=case.case_type,
        severity=case.severity,
        priority=case.priority,
        status=arrival.get("status", case.status),
        intake=arrival.get("intake", case.intake),
        reason=reason,
        rule=_rule(case, reason, checks),
        consumption=outcome,
        plan=_plan(consumption),
        kind=priced,
        amount=consumption.price if priced and consumption is not None else None,
        currency=consumption.currency if priced and consumption is not None else "",
        clocks=clock_facts(case.clocks.all() if clocks is None else clocks, as_of),
        queue_key=queue_key(case),
    )


def queue_key(case: Case) -> QueueKey | None:
    """Where the case stands in the agents' queue now (its status, after its life)."""
    if case.status not in QUEUE_STATUSES:
        return None
    return (case.severity_rank, case.plan_rank, case.sla_due_at)


def facts_of(cases: Sequence[Case], as_of: dt.datetime) -> list[CaseFacts]:
    """The facts of each case, in arrival order (`cases` as `window.cases_in` read them): what
    `case_facts` reads besides them — their consumptions with their plans, their clocks with
    their calendars, their arrivals and checks — a few queries a batch, each plan, contract and
    calendar built once."""
    for batch in batches(cases):
        prefetch_related_objects(
            batch, "consumption__contract__plan", "consumption__plan", "clocks__calendar"
        )
    arrivals = arrivals_of(cases)
    checks = checks_of(cases)
    return [
        case_facts(case, arrivals.get(case.pk, {}), as_of, checks=checks[case.pk]) for case in cases
    ]
