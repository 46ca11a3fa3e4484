"""Choosing a case's SLA targets again when what they depend on changes (issue 16): an agent gives
the case another type or severity, and the targets of the new one apply (CustomSoft, seed 001: a
"consulta" answered in 10 minutes that turns out to be an incident is resolved in 24 business
hours and its clients kept informed).

`retarget_clocks` runs in the caller's transaction, on the locked case already saved with its new
type or severity; it writes no audit event of its own: the caller's one event carries what it
returns (the targets before and after, and a sentence in the policy's language).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from tiquetera.calendars.durations import business_text
from tiquetera.calendars.services import engine_for
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import FINAL, PENDING, Status

from .models import Clock, Metric, SlaTarget
from .services import (
    _CLOCK_TIMES,
    OPEN_STATES,
    WAITING,
    _clocks,
    _run,
    _save,
    _stop,
    refresh_case_deadline,
    row,
    sla_settings,
    targets_for,
)

State = Clock.State


@dataclass
class Retargeted:
    """What changed: per metric, the target in business minutes before and after (a metric
    missing on one side had no clock there), and the same in words."""

    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)
    words: str = ""
    days: dict[tuple[str, str], int | None] = field(default_factory=dict)  # a side's working day


def retarget_clocks(case: Case, *, at: dt.datetime) -> Retargeted:
    """Give the case's clocks not yet met the targets the policy has for it now (its type,
    severity and plan, the most specific winning: `services.targets_for`):
    - a running or paused clock whose target changed takes the new one: its calendar and
      business minutes, its deadline counted from when it started (the case's start, less the
      time it was paused) on that calendar by the engine; a deadline now in the future is no
      longer breached nor warned;
    - one the new targets leave out is cancelled;
    - a metric the new targets add gets a clock from the case's start (paused if the case
      waits on the client), unless what it measures already happened (an assignee, a reply);
    - met clocks keep their record; a target agreed with the client (`override_target`) and R&D's
      fix date are kept.
    Nothing changes for a case whose clocks have not started (parked) or have stopped (resolved,
    final). Stores the case's next deadline."""
    found = Retargeted()
    status = Status(case.status)
    if status in PENDING or status in FINAL or status == Status.RESOLVED:
        return found
    targets = targets_for(case)
    percent = sla_settings(case).warn_at_percent
    changed = []
    for clock in _clocks(case, *OPEN_STATES):
        target = targets.get(clock.metric)
        if clock.metric == Metric.FIX_DATE or clock.override_reason:
            continue
        if target is not None and _same(clock, target):
            continue
        found.before[clock.metric] = clock.target_minutes
        found.days["before", clock.metric] = clock.calendar.day_minutes
        if target is None:
            _stop(clock, State.CANCELLED, at)
        else:
            _retarget(clock, target, at, percent)
            found.after[clock.metric] = clock.target_minutes
            found.days["after", clock.metric] = target.calendar.day_minutes
        changed.append(clock)
    fields = [*_CLOCK_TIMES, "target", "calendar", "target_minutes", "warned_at", "breached_at"]
    _save(case, changed, fields)
    added = _added(case, targets, at, percent)
    for clock in added:
        found.after[clock.metric] = clock.target_minutes
        found.days["after", clock.metric] = clock.calendar.day_minutes
    if added:
        Clock.objects.bulk_create(added)
        refresh_case_deadline(case)
    found.words = _in_words(case, found)
    return found


def _same(clock: Clock, target: SlaTarget) -> bool:
    """The clock runs on `target` already. A past revision's target of no live row (`services.
    row`) is told by its minutes and calendar."""
    if target.pk is not None:
        return target.pk == clock.target_id
    return clock.target_id is None and (clock.target_minutes, clock.calendar_id) == (
        target.minutes,
        target.calendar_id,
    )


def _retarget(clock: Clock, target: SlaTarget, at: dt.datetime, percent: int) -> None:
    """The clock on `target`: the business minutes used before its current run are kept, the
    current run (from the case's start, when it never paused) is counted on the new calendar."""
    clock.target, clock.calendar, clock.target_minutes = (
        row(target),
        target.calendar,
        target.minutes,
    )
    if clock.state == State.RUNNING and clock.running_since is not None:
        _run(clock, clock.running_since, percent)
    if clock.due_at is not None and clock.due_at > at:
        clock.breached_at = None
    if clock.warn_at is not None and clock.warn_at > at:
        clock.warned_at = None


def _minutes(target: SlaTarget, start: dt.datetime | None, end: dt.datetime) -> int:
    if start is None:
        return 0
    ran = engine_for(target.calendar).between(start, max(start, end))
    return int(ran.total_seconds()) // 60


def _added(case: Case, targets: dict[str, SlaTarget], at: dt.datetime, percent: int) -> list[Clock]:
    """New clocks for the metrics the new targets add, from the case's start."""
    have = set(Clock.objects.filter(case=case).values_list("metric", flat=True))
    done: dict[str, bool] = {
        Metric.ASSIGNMENT: case.assignee_id is not None,
        Metric.FIRST_RESPONSE: case.first_response_at is not None,
    }
    start = (
        Clock.objects.filter(case=case).order_by("started_at").values_list("started_at", flat=True)
    ).first() or case.created_at
    waiting = Status(case.status) in WAITING
    clocks = []
    for metric, target in sorted(targets.items()):
        if metric in have or done.get(metric):
            continue
        clock = Clock(
            case=case,
            metric=metric,
            target=row(target),
            calendar=target.calendar,
            target_minutes=target.minutes,
            state=State.RUNNING,
            started_at=start,
        )
        _run(clock, start, percent)
        if waiting:  # the client has the next move: it counts up to now, then waits
            clock.used_minutes = _minutes(target, start, at)
            clock.state, clock.running_since, clock.due_at, clock.warn_at = (
                State.PAUSED,
                None,
                None,
                None,
            )
        clocks.append(clock)
    return clocks


def _in_words(case: Case, found: Retargeted) -> str:
    """ "SLA targets: first response 10 min → 3 días hábiles (24 h); …", each side in its
    calendar's working days, in the policy's language ("" when nothing changed)."""
    if not found.before and not found.after:
        return ""

    def text(side: str, metric: str, minutes: int | None) -> str:
        if minutes is None:
            return _("none")
        return business_text(minutes, found.days.get((side, metric)))

    with translation.override(case.policy.language or None):
        parts = [
            _("%(metric)s %(before)s → %(after)s")
            % {
                "metric": Metric(metric).label,
                "before": text("before", metric, found.before.get(metric)),
                "after": text("after", metric, found.after.get(metric)),
            }
            for metric in sorted({*found.before, *found.after})
        ]
        return _("SLA targets: %(changes)s.") % {"changes": "; ".join(parts)}
