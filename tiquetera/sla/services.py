"""Starting, pausing, resuming, meeting and overriding a case's SLA clocks (DESIGN.md, "SLA
clocks are rows").

Every function runs in the caller's transaction, on a case the caller has locked or just
created, and ends by storing the case's next deadline and warning time (`Case.sla_due_at`, the
queue's order, and `Case.sla_warn_at`, its "at risk").
Business time comes from the one engine (`calendars.services.engine_for`); times are whole
business minutes, so a clock paused mid-minute drops the seconds of that minute.

When clocks run (the hooks are `tickets.services.move`, the intake pipeline, `add_reply` and
`assign`):
- they start when a case is let in (status open): at its submission, or — for a case parked
  for verification under a policy with `start_on_verification` — when it is let in. A case
  parked for information, consent or a purchase order is waiting on the client: its clocks
  start when it is let in;
- they pause while the case waits on the client, and resume with the same business time left;
- an agent's reply meets "first_response" and starts the next "progress_update" interval;
  naming an assignee meets "assignment"; resolving meets "resolution" (and "first_response",
  when nobody replied before: the resolution is the answer) and cancels the others; a final
  status (closed, invalid, rejected, referred) cancels what still runs.

The rules are written once, against where a case's clocks are kept (`ClockStore`): the database
for live cases (`STORED`, the default), memory for the policy simulator's replays (`InMemory`:
no statement an event, the same transitions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin, User
from django.db import transaction
from django.db.models import Min
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import record
from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.contracts.models import Consumption
from tiquetera.core.errors import DomainError
from tiquetera.core.permissions import is_agent
from tiquetera.policy.cache import cached
from tiquetera.policy.in_force import document, revision_at
from tiquetera.policy.sla_io import sla_rows
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import FINAL, PENDING, Status

from .models import NO_PLAN, Clock, Metric, SlaSettings, SlaTarget

Actor = AbstractBaseUser | AnonymousUser | None
State = Clock.State

DEFAULT_SETTINGS = SlaSettings()  # what a policy without an [sla] settings row gets
OPEN_STATES = (State.RUNNING, State.PAUSED)
# The client has the next move: clocks do not count (pending ones have none yet).
WAITING = frozenset({Status.WAITING_ON_CLIENT} | PENDING)
_CLOCK_TIMES = ["state", "used_minutes", "running_since", "due_at", "warn_at"]


MESSAGES: dict[str, Promise] = {
    "not_allowed": _("Only an agent with the right to change SLA clocks can agree a target."),
    "reason_required": _("Say what was agreed with the client, and why."),
    "bad_minutes": _("A target needs a business time above zero, not %(value)s."),
    "no_clock": _("Case %(number)s has no running or paused %(metric)s clock."),
}


class SlaError(DomainError):
    """An SLA change refused: `code` says why."""

    messages = MESSAGES


# --- reading the policy ------------------------------------------------------------------------
@dataclass(frozen=True)
class _PolicySla:
    """A policy's SLA settings and targets (with their calendars), kept per policy revision."""

    settings: SlaSettings
    targets: list[SlaTarget]


def _policy_sla(case: Case) -> _PolicySla:
    """The settings and targets of the policy revision in force at the case's arrival: the
    stored ones, or those of a past revision's file (`policy.in_force`)."""
    revision = revision_at(case.policy_id, case.created_at) if case.created_at else None
    if revision is None:
        return cached(case.policy_id, "sla", _load_sla)
    return cached(case.policy_id, f"sla@{revision}", partial(_past_sla, revision))


def _load_sla(policy_id: int) -> _PolicySla:
    found = SlaSettings.objects.filter(policy_id=policy_id).first()
    targets = SlaTarget.objects.filter(policy_id=policy_id).select_related("calendar")
    return _PolicySla(found if found is not None else DEFAULT_SETTINGS, list(targets))


def _past_sla(revision: int, policy_id: int) -> _PolicySla:
    found, targets = sla_rows(policy_id, document(revision))
    return _PolicySla(found if found is not None else DEFAULT_SETTINGS, targets)


def sla_settings(case: Case) -> SlaSettings:
    """The settings in force at the case's arrival, or the defaults when the policy had none."""
    return _policy_sla(case).settings


def case_plan(case: Case) -> str:
    """The key of the plan the case consumed ("" when none: per event, no contract)."""
    if case.consumption_id is None:
        return ""
    return plans_of([case.consumption_id]).get(case.consumption_id, "")


def plans_of(consumptions: Iterable[int]) -> dict[int, str]:
    """Per consumption, the key of the plan whose contract it took ("" for none), one read."""
    rows = Consumption.objects.filter(pk__in=list(consumptions)).values_list(
        "pk", "contract__plan__key"
    )
    return {pk: plan or "" for pk, plan in rows}


def targets_for(case: Case, plan: str | None = None) -> dict[str, SlaTarget]:
    """Per metric, the policy's target for the case — as the revision in force at its arrival
    said (`policy.in_force`) — the most specific winning: one for the
    case's type and plan, then for its type, then for its plan, then for its severity, then the
    general one (type, plan and severity each "" for any). A target for plan "none" applies to a
    case that took no plan's ticket. `plan`: the key of the plan the case consumed, when the
    caller knows it (else it is read)."""
    plan = case_plan(case) if plan is None else plan
    plans = ("", plan) if plan else ("", NO_PLAN)
    candidates = [
        target
        for target in _policy_sla(case).targets
        if target.case_type in (case.case_type, "")
        and target.severity in (case.severity, "")
        and target.plan in plans
    ]
    chosen: dict[str, SlaTarget] = {}
    for target in sorted(candidates, key=_specificity):
        chosen[target.metric] = target  # the most specific comes last
    return chosen


def row(target: SlaTarget) -> SlaTarget | None:
    """What a clock points to: the target, or none for a past revision's target the live
    tables no longer have (the clock keeps its own copy of the minutes)."""
    return target if target.pk is not None else None


def _specificity(target: SlaTarget) -> tuple[bool, bool, bool]:
    """type + plan > type > plan > severity > none (compared in this order)."""
    return (bool(target.case_type), bool(target.plan), bool(target.severity))


# --- starting ----------------------------------------------------------------------------------
def start_clocks(case: Case, *, at: dt.datetime, store: ClockStore | None = None) -> list[Clock]:
    """Start a clock at `at` for each metric the policy promises for the case (its severity and
    plan) that is not met already (an assignee, a first response, a resolution) and has no
    clock yet. Stores the case's next deadline. The new clocks, in metric order."""
    store = store or STORED
    met = {
        Metric.ASSIGNMENT: case.assignee_id is not None,
        Metric.FIRST_RESPONSE: case.first_response_at is not None,
        Metric.RESOLUTION: case.resolved_at is not None,
    }
    skip = store.metrics(case)
    skip |= {metric for metric, done in met.items() if done}
    clocks = _new_clocks(case, targets_for(case, store.plan(case)), at, skip=skip)
    store.add(case, clocks)
    return clocks


def clocks_for_new_case(
    case: Case, *, at: dt.datetime, plan: str | None, met: Iterable[str] = ()
) -> list[Clock]:
    """The clocks of a case being taken in at `at` (`plan`: the key of the plan it consumed;
    None: read it), not yet saved: one per metric the policy promises, those in `met` (an
    assignee named at intake) already met at `at`. The case gets its deadline and warning
    time in memory, so the intake writes them with the case; save the clocks after it."""
    clocks = _new_clocks(case, targets_for(case, plan), at)
    for clock in clocks:
        if clock.metric in met:
            _stop(clock, State.MET, at)
    case.sla_due_at, case.sla_warn_at = earliest(clocks)
    return clocks


def earliest(clocks: Iterable[Clock]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The earliest due time and the earliest warning time of the running ones of `clocks`."""
    running = [clock for clock in clocks if clock.state == State.RUNNING]
    return (
        min((c.due_at for c in running if c.due_at), default=None),
        min((c.warn_at for c in running if c.warn_at), default=None),
    )


def _new_clocks(
    case: Case, targets: dict[str, SlaTarget], at: dt.datetime, skip: Iterable[str] = ()
) -> list[Clock]:
    percent = sla_settings(case).warn_at_percent
    clocks = []
    for metric, target in sorted(targets.items()):
        if metric in skip:
            continue
        clock = Clock(
            case=case,
            metric=metric,
            target=row(target),
            calendar=target.calendar,
            target_minutes=target.minutes,
            state=State.RUNNING,
            started_at=at,
        )
        _run(clock, at, percent)
        clocks.append(clock)
    return clocks


def _run(clock: Clock, at: dt.datetime, percent: int) -> None:
    """Run `clock` from `at` with the business time it has left: due and warning times."""
    engine = engine_for(clock.calendar)
    used = dt.timedelta(minutes=clock.used_minutes)
    target = dt.timedelta(minutes=clock.target_minutes)
    warn = dt.timedelta(seconds=clock.target_minutes * 60 * percent // 100)
    clock.state, clock.running_since = State.RUNNING, at
    clock.due_at = engine.add(at, max(target - used, dt.timedelta(0)))
    clock.warn_at = engine.add(at, max(warn - used, dt.timedelta(0)))


def _used_until(clock: Clock, at: dt.datetime) -> int:
    """The clock's business minutes used, counting its current run up to `at`."""
    if clock.state != State.RUNNING or clock.running_since is None:
        return clock.used_minutes
    ran = engine_for(clock.calendar).between(clock.running_since, max(at, clock.running_since))
    return clock.used_minutes + int(ran.total_seconds()) // 60


# --- pausing and resuming ----------------------------------------------------------------------
def pause_clocks(
    case: Case, *, at: dt.datetime, metric: str = "", store: ClockStore | None = None
) -> list[Clock]:
    """Stop the running clocks (of `metric`, when given) at `at`, keeping the business minutes
    used; a paused clock has no due or warning time (the sweep and the queue skip it). A
    fix-date clock never pauses: the date is a date. The clocks paused."""
    clocks = [
        c
        for c in _clocks(case, State.RUNNING, metric=metric, store=store)
        if c.metric != Metric.FIX_DATE
    ]
    for clock in clocks:
        clock.used_minutes = _used_until(clock, at)
        clock.state, clock.running_since, clock.due_at, clock.warn_at = (
            State.PAUSED,
            None,
            None,
            None,
        )
    _save(case, clocks, _CLOCK_TIMES, store=store)
    return clocks


def resume_clocks(case: Case, *, at: dt.datetime, store: ClockStore | None = None) -> list[Clock]:
    """Run the paused clocks again from `at`: due at `at` plus the business time they had left,
    so a pause moves the deadline by exactly the business time paused. The clocks resumed."""
    clocks = _clocks(case, State.PAUSED, store=store)
    if case.status == Status.ESCALATED_RD and sla_settings(case).pause_for_rd:
        clocks = [clock for clock in clocks if clock.metric != Metric.RESOLUTION]
    percent = sla_settings(case).warn_at_percent if clocks else 0
    for clock in clocks:
        _run(clock, at, percent)
    _save(case, clocks, _CLOCK_TIMES, store=store)
    return clocks


# --- stopping ----------------------------------------------------------------------------------
def meet(
    case: Case, metric: str, *, at: dt.datetime, store: ClockStore | None = None
) -> Clock | None:
    """The case's running or paused `metric` clock is met at `at` (None when there is none).
    A clock met late keeps (or gets) its `breached_at`: the moment it fell due."""
    clocks = _clocks(case, *OPEN_STATES, metric=metric, store=store)
    for clock in clocks:
        _stop(clock, State.MET, at)
    _save(case, clocks, [*_CLOCK_TIMES, "met_at", "breached_at"], store=store)
    return clocks[0] if clocks else None


def reopen_resolution(
    case: Case, *, at: dt.datetime, store: ClockStore | None = None
) -> Clock | None:
    """A reopened case is not resolved after all: its resolution clock runs again from `at`
    with the business time it had already used (a breach it had stays recorded)."""
    clocks = _clocks(case, State.MET, metric=Metric.RESOLUTION, store=store)
    percent = sla_settings(case).warn_at_percent if clocks else 0
    for clock in clocks:
        clock.met_at = None
        _run(clock, at, percent)
    _save(case, clocks, [*_CLOCK_TIMES, "met_at"], store=store)
    return clocks[0] if clocks else None


def cancel_clocks(case: Case, *, at: dt.datetime, store: ClockStore | None = None) -> list[Clock]:
    """The running and paused clocks stop unmet: the case no longer needs them (closed, turned
    away, resolved)."""
    clocks = _clocks(case, *OPEN_STATES, store=store)
    for clock in clocks:
        _stop(clock, State.CANCELLED, at)
    _save(case, clocks, _CLOCK_TIMES, store=store)
    return clocks


def _stop(clock: Clock, state: str, at: dt.datetime) -> None:
    clock.used_minutes = _used_until(clock, at)
    if state == State.MET:
        clock.met_at = at
        late = clock.used_minutes > clock.target_minutes
        if clock.metric == Metric.FIX_DATE:  # a date: late once it passed, business time or not
            late = clock.due_at is not None and at > clock.due_at
        if clock.breached_at is None and late:
            clock.breached_at = clock.due_at or at
    clock.state, clock.running_since = state, None


def agent_replied(case: Case, *, at: dt.datetime, store: ClockStore | None = None) -> None:
    """An agent's public reply: the first response is met, and the progress-update clock (when
    the policy promises updates) starts its next interval from `at`."""
    meet(case, Metric.FIRST_RESPONSE, at=at, store=store)
    clocks = _clocks(case, *OPEN_STATES, metric=Metric.PROGRESS_UPDATE, store=store)
    if not clocks:
        return
    percent = sla_settings(case).warn_at_percent
    for clock in clocks:  # one row per case and metric: the interval before is overwritten
        clock.started_at, clock.used_minutes = at, 0
        clock.warned_at = clock.breached_at = None
        if clock.state == State.RUNNING:
            _run(clock, at, percent)
    _save(case, clocks, [*_CLOCK_TIMES, "started_at", "warned_at", "breached_at"], store=store)


def status_changed(
    case: Case, source: str, to: str, *, at: dt.datetime, store: ClockStore | None = None
) -> None:
    """What a status change does to the clocks (called by `tickets.services.move`)."""
    if source == Status.ESCALATED_RD and to != Status.ESCALATED_RD:
        back_from_rd(case, at=at, store=store)
    if to in FINAL:
        cancel_clocks(case, at=at, store=store)
    elif to == Status.RESOLVED:
        meet(case, Metric.RESOLUTION, at=at, store=store)
        meet(case, Metric.FIRST_RESPONSE, at=at, store=store)
        cancel_clocks(case, at=at, store=store)
    elif source == Status.RESOLVED:
        reopen_resolution(case, at=at, store=store)
    elif to == Status.OPEN and source in PENDING:
        start_clocks(case, at=_let_in_at(case, source, at), store=store)
    elif to in WAITING and source not in WAITING:
        pause_clocks(case, at=at, store=store)
    elif source in WAITING and to not in WAITING:
        resume_clocks(case, at=at, store=store)
    if to == Status.ESCALATED_RD and source != Status.ESCALATED_RD:
        held_by_rd(case, at=at, store=store)


# --- a bug held by R&D (seed 004) --------------------------------------------------------------
def held_by_rd(case: Case, *, at: dt.datetime, store: ClockStore | None = None) -> Clock | None:
    """Seed 004: "el área de Investigación y desarrollo procederá determinar el tiempo máximo que
    tarda la solución". Under a policy with `pause_for_rd`, a case escalated to R&D stops its
    resolution clock (as waiting on the client does) and R&D's committed date (`fix_due_on`)
    becomes a deadline of its own: a "fix_date" clock due at the end of that day, on the
    resolution clock's calendar (else the policy's default). The fix-date clock, or None."""
    if not sla_settings(case).pause_for_rd:
        return None
    pause_clocks(case, at=at, metric=Metric.RESOLUTION, store=store)
    return fix_date_committed(case, at=at, store=store)


def fix_date_committed(
    case: Case, *, at: dt.datetime, store: ClockStore | None = None
) -> Clock | None:
    """Start (or move, when R&D changes the date) the case's fix-date clock: due at the end of
    `case.fix_due_on` in its calendar's time zone, its target the business minutes from `at`
    to then. None when the policy does not pause for R&D or no date is committed."""
    if case.fix_due_on is None or not sla_settings(case).pause_for_rd:
        return None
    store = store or STORED
    calendar = store.fix_calendar(case)
    if calendar is None:
        return None
    engine = engine_for(calendar)
    next_day = case.fix_due_on + dt.timedelta(days=1)
    due = dt.datetime.combine(next_day, dt.time(0), tzinfo=engine.tz)
    found = _clocks(case, *OPEN_STATES, State.MET, metric=Metric.FIX_DATE, store=store)
    clock = found[0] if found else Clock(case=case, metric=Metric.FIX_DATE)
    if clock.state != State.RUNNING or clock.running_since is None:
        clock.started_at, clock.running_since, clock.used_minutes = at, at, 0
        clock.met_at = clock.breached_at = clock.warned_at = None
    clock.calendar, clock.target = calendar, None
    clock.state, clock.due_at, clock.warn_at = State.RUNNING, due, None
    run = engine.between(clock.running_since, max(due, clock.running_since))
    clock.target_minutes = clock.used_minutes + int(run.total_seconds()) // 60
    if clock.breached_at is not None and due > at:
        clock.breached_at = None  # a later date agreed: the new one counts
    store.keep(case, clock)
    return clock


def back_from_rd(case: Case, *, at: dt.datetime, store: ClockStore | None = None) -> None:
    """The case leaves R&D: its fix-date clock is met (late when the day had passed) and its
    resolution clock runs again with the business time it had left."""
    meet(case, Metric.FIX_DATE, at=at, store=store)
    clocks = _clocks(case, State.PAUSED, metric=Metric.RESOLUTION, store=store)
    if clocks and Status(case.status) not in WAITING:
        percent = sla_settings(case).warn_at_percent
        for clock in clocks:
            _run(clock, at, percent)
        _save(case, clocks, _CLOCK_TIMES, store=store)


def _let_in_at(case: Case, source: str, at: dt.datetime) -> dt.datetime:
    """When the clocks of a parked case being let in count from: its submission when it waited
    for verification and the policy counts from submission; otherwise `at` (time waiting for
    information, consent or a purchase order never counts)."""
    if source == Status.PENDING_VERIFICATION and not sla_settings(case).start_on_verification:
        return case.created_at
    return at


# --- "o según lo acordado con el cliente" ------------------------------------------------------
def may_override(user: Actor) -> bool:
    """An agent with the permission to change clocks (a vendor administrator has it)."""
    if user is None or not is_agent(user):
        return False
    if getattr(getattr(user, "agent", None), "is_vendor_admin", False):
        return True
    return isinstance(user, PermissionsMixin) and user.has_perm("sla.change_clock")


def override_target(case: Case, metric: str, *, minutes: int, reason: str, actor: Actor) -> Clock:
    """Set the case's `metric` target to `minutes` of business time, as agreed with the client
    (seed 002: "o según lo acordado con el cliente"): the running or paused clock keeps the time
    it used, and its due and warning times are recomputed from its current run. Records who
    agreed it and why, and one "case.sla_overridden" audit event. SlaError "not_allowed",
    "reason_required", "bad_minutes", "no_clock" (nothing written)."""
    reason = reason.strip()
    if not may_override(actor):
        raise SlaError("not_allowed")
    if not reason:
        raise SlaError("reason_required")
    if type(minutes) is not int or minutes <= 0:
        raise SlaError("bad_minutes", value=minutes)
    with transaction.atomic():
        clocks = _clocks(case, *OPEN_STATES, metric=metric)
        if not clocks:
            raise SlaError("no_clock", number=case.number, metric=Metric(metric).label)
        clock = clocks[0]
        before = {"metric": metric, "target_minutes": clock.target_minutes, "due_at": clock.due_at}
        clock.target_minutes = minutes
        clock.overridden_by = actor if isinstance(actor, User) else None
        clock.override_reason = reason
        if clock.state == State.RUNNING and clock.running_since is not None:
            _run(clock, clock.running_since, sla_settings(case).warn_at_percent)
        fields = ["target_minutes", "overridden_by", "override_reason", *_CLOCK_TIMES]
        _save(case, [clock], fields)
        record(
            actor=actor,
            verb="case.sla_overridden",
            target=case,
            before=before,
            after={"metric": metric, "target_minutes": minutes, "due_at": clock.due_at},
            note=reason,
        )
    return clock


# --- the queue's deadline ----------------------------------------------------------------------
def refresh_case_deadline(case: Case) -> dt.datetime | None:
    """Store on the case the earliest due time of its running clocks (None when none runs) and
    the earliest of their warning times (the queue's "at risk") with a single UPDATE (the case
    is not saved whole); the instance gets them too, and the due time is returned."""
    found = Clock.objects.filter(case=case, state=State.RUNNING).aggregate(
        due=Min("due_at"), warn=Min("warn_at")
    )
    earliest: dt.datetime | None = found["due"]
    Case.objects.filter(pk=case.pk).update(sla_due_at=earliest, sla_warn_at=found["warn"])
    case.sla_due_at, case.sla_warn_at = earliest, found["warn"]
    return earliest


# --- where the clocks are kept ------------------------------------------------------------------
class ClockStore:
    """Where a case's clocks are read and written: the database (`STORED`, live cases). The
    transitions above read and write only through it, so `InMemory` runs the very same rules."""

    def of(self, case: Case, states: Iterable[str], metric: str = "") -> list[Clock]:
        """The case's clocks in `states` (of `metric` when given), locked, in metric order."""
        clocks = Clock.objects.filter(case=case, state__in=states).select_related("calendar")
        if metric:
            clocks = clocks.filter(metric=metric)
        return list(clocks.select_for_update(of=("self",)).order_by("metric"))

    def metrics(self, case: Case) -> set[str]:
        """The metrics the case has a clock for, in any state."""
        return set(Clock.objects.filter(case=case).values_list("metric", flat=True))

    def plan(self, case: Case) -> str:
        return case_plan(case)

    def fix_calendar(self, case: Case) -> Calendar | None:
        """The calendar of a fix date: its resolution clock's, else the policy's default."""
        resolution = Clock.objects.filter(case=case, metric=Metric.RESOLUTION).first()
        if resolution is not None:
            return resolution.calendar
        return default_calendar(case.policy_id)

    def add(self, case: Case, clocks: list[Clock]) -> None:
        """Keep new clocks; the case's next deadline follows."""
        Clock.objects.bulk_create(clocks)
        refresh_case_deadline(case)

    def keep(self, case: Case, clock: Clock) -> None:
        """Keep one clock, new or not, whole; the case's next deadline follows."""
        clock.save()
        refresh_case_deadline(case)

    def save(self, case: Case, clocks: list[Clock], fields: list[str]) -> None:
        """Keep `fields` of changed clocks; the case's next deadline follows."""
        if clocks:
            Clock.objects.bulk_update(clocks, fields)
            refresh_case_deadline(case)


STORED = ClockStore()


def default_calendar(policy_id: int) -> Calendar | None:
    """The policy's default calendar (a fix date's when the case has no resolution clock)."""
    return Calendar.objects.filter(policy_id=policy_id, is_default=True).first()


class InMemory(ClockStore):
    """Clocks kept in memory, per case: the policy simulator's replays (`policy.simulation`),
    whose lives run through the transitions above without a statement. `clocks`: per case pk,
    its clocks (with their calendars) as read once; `plans`: per case pk, the key of the plan
    its consumption took (`plans_of`); `default_calendar`: per policy, the default calendar."""

    def __init__(
        self,
        clocks: dict[int, list[Clock]],
        plans: dict[int, str],
        default_calendar: Callable[[int], Calendar | None],
    ) -> None:
        self.clocks, self.plans, self.default_calendar = clocks, plans, default_calendar

    def of(self, case: Case, states: Iterable[str], metric: str = "") -> list[Clock]:
        wanted = set(states)
        found = [
            clock
            for clock in self.clocks.get(case.pk, [])
            if clock.state in wanted and (not metric or clock.metric == metric)
        ]
        return sorted(found, key=lambda clock: clock.metric)

    def metrics(self, case: Case) -> set[str]:
        return {clock.metric for clock in self.clocks.get(case.pk, [])}

    def plan(self, case: Case) -> str:
        return self.plans.get(case.pk, "")

    def fix_calendar(self, case: Case) -> Calendar | None:
        resolution = self.of(case, State.values, Metric.RESOLUTION)
        if resolution:
            return resolution[0].calendar
        return self.default_calendar(case.policy_id)

    def add(self, case: Case, clocks: list[Clock]) -> None:
        self.clocks.setdefault(case.pk, []).extend(clocks)
        case.sla_due_at, case.sla_warn_at = earliest(self.clocks[case.pk])

    def keep(self, case: Case, clock: Clock) -> None:
        kept = self.clocks.setdefault(case.pk, [])
        if all(other is not clock for other in kept):
            kept.append(clock)
        case.sla_due_at, case.sla_warn_at = earliest(kept)

    def save(self, case: Case, clocks: list[Clock], fields: list[str]) -> None:
        if clocks:
            case.sla_due_at, case.sla_warn_at = earliest(self.clocks.get(case.pk, []))


# --- helpers -----------------------------------------------------------------------------------
def _clocks(
    case: Case, *states: str, metric: str = "", store: ClockStore | None = None
) -> list[Clock]:
    """The case's clocks in `states` (of `metric` when given), locked, with their calendars."""
    return (store or STORED).of(case, states, metric)


def _save(
    case: Case, clocks: Iterable[Clock], fields: list[str], store: ClockStore | None = None
) -> None:
    (store or STORED).save(case, list(clocks), fields)
