"""The SLA sweep (every minute, `tasks.py`): clocks past their warning time are warned, clocks past
their due time are breached, and the people who can still act are told.

DESIGN.md, "SLA clocks are rows": the candidates are read with the partial indexes'
exact conditions (`sla_clock_warn_due`, `sla_clock_breach_due`), so a sweep with nothing due is
two index probes however many clocks are running.

Idempotence: the candidates are claimed with one conditional UPDATE (`… SET breached_at = now
WHERE id IN (…) AND breached_at IS NULL AND state = 'running' … RETURNING id`, on PostgreSQL and
SQLite alike) and only the rows it returns are acted on. The emails (outbox rows), the case's
`sla_breached` flag and the audit event are written in the claim's transaction — one for all the
clocks of a kind, or one per clock when some clock fails — so a claim and its effects commit
together or not at all. A second sweep, or one running at the same time on another worker, finds
the rows claimed (PostgreSQL re-checks the WHERE after the first transaction commits; SQLite
serialises writers) and does nothing.

Who hears what:
- a warning goes to the assignee (to the team's leads while nobody is assigned);
  for a `progress_update` clock it is the reminder that an update to the client is due
  (CustomSoft, seed 001: clients are kept informed of the progress of long cases);
- a breach goes to the assignee and to the team's leads (its agents who are vendor
  administrators: there is no team-lead field), and writes one "case.sla_breached" event;
- either is emailed only to those of them on shift at the sweep's moment (`paging.paged`):
  when none is, to the agent on call, and when nobody is on call, to the leads anyway.

What else happens is the target's (`on_warning`, `on_breach`; `escalation.py`): raising the
case's severity, reassigning it — before the emails, so they name who has the case now — or
no email at all when the target leaves "notify" out. Those actions run in the same transaction
as the claim, so a clock's actions run once, like its emails; a target that only notifies (the
default) costs no query per clock.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet

from tiquetera.audit.services import Entry, record_many
from tiquetera.directory.models import Agent
from tiquetera.notifications.services import queue_email
from tiquetera.tickets.models import Case, Severity

from .escalation import actions_of, escalate
from .models import Action, Clock, Metric
from .paging import paged

logger = logging.getLogger(__name__)

# Clocks handled per sweep and kind; the rest wait a minute (a sweep must stay short).
BATCH = 500

State = Clock.State


@dataclass(frozen=True)
class SweepCounts:
    warned: int = 0
    breached: int = 0
    emails: int = 0


def sweep(now: dt.datetime, *, batch: int = BATCH) -> SweepCounts:
    """Mark the running clocks that breached by `now` (oldest due first), then those that reached
    their warning time, up to `batch` of each, and send their notices (see the module docstring).

    Breaches go first, and a breach also stamps `warned_at`: a clock found already past due is
    told once, as a breach, never warned after the fact. Each clock is marked and notified at
    most once, however many sweeps run, at once or in turn. A clock whose notices fail (a broken
    template) is logged and left unmarked, to be tried by the next sweep.
    """
    breached, breach_emails = _handle(BREACH, _breach_candidates(now, batch), now)
    warned, warning_emails = _handle(WARNING, _warning_candidates(now, batch), now)
    emails = breach_emails + warning_emails
    if breached or warned:
        logger.info("SLA sweep %s: %s breached, %s warned", now.isoformat(), breached, warned)
    return SweepCounts(warned=warned, breached=breached, emails=emails)


# --- candidates: the partial indexes' own conditions -----------------------------------------
def _breach_candidates(now: dt.datetime, batch: int) -> list[Clock]:
    return list(
        _loaded(
            Clock.objects.filter(state=State.RUNNING, breached_at__isnull=True, due_at__lte=now)
        ).order_by("due_at")[:batch]
    )


def _warning_candidates(now: dt.datetime, batch: int) -> list[Clock]:
    return list(
        _loaded(
            Clock.objects.filter(state=State.RUNNING, warned_at__isnull=True, warn_at__lte=now)
        ).order_by("warn_at")[:batch]
    )


def _loaded(clocks: QuerySet[Clock]) -> QuerySet[Clock]:
    """With what the notices and the escalation actions need, read in the candidates' own query
    (not one per clock)."""
    return clocks.select_related(
        "calendar", "target", "case__assignee", "case__policy", "case__team"
    )


@dataclass(frozen=True)
class _Kind:
    """A breach or a warning: the time that makes a clock due, the mark that claims it, and what
    is done for a claimed clock."""

    due: str  # "due_at" or "warn_at"
    mark: str  # "breached_at" or "warned_at"
    actions: str  # the target's field with what to do: "on_breach" or "on_warning"
    effects: Callable[[Clock, dt.datetime, "_Run"], int]  # the emails queued


class _Run:
    """What the clocks of one sweep share: each team's leads read once, the cases already
    flagged as breached by one UPDATE for them all."""

    def __init__(self) -> None:
        self.flagged: set[int] = set()
        self.events: list[Entry] = []  # written together, by `written`
        self._leads: dict[int, list[str]] = {}
        self._severities: dict[int, list[Severity]] = {}

    def written(self) -> None:
        record_many(self.events)
        self.events = []

    def leads(self, case: Case) -> list[str]:
        if case.team_id is None:
            return []
        if case.team_id not in self._leads:
            self._leads[case.team_id] = _lead_emails(case.team_id)
        return self._leads[case.team_id]

    def severities(self, policy_id: int) -> list[Severity]:
        if policy_id not in self._severities:
            self._severities[policy_id] = list(Severity.objects.filter(policy_id=policy_id))
        return self._severities[policy_id]

    def escalate(self, kind: "_Kind", clock: Clock) -> list[str]:
        """Run the clock's escalation actions (only a target that asks for more than "notify"
        costs a query); the actions, for the caller to notify when they say so."""
        actions = actions_of(clock, kind.actions)
        if any(action != Action.NOTIFY for action in actions):
            self.written()  # the breach's own event before what it caused, in the case history
            escalate(
                clock,
                actions,
                severities=self.severities(clock.case.policy_id),
                note=f"sla {kind.actions}: {clock.metric}",
                at=getattr(clock, kind.due),  # who is on shift when it fell due
            )
        return actions


def _handle(kind: _Kind, clocks: list[Clock], now: dt.datetime) -> tuple[int, int]:
    """(clocks acted on, emails queued). All of a sweep's clocks of one kind are claimed by one
    UPDATE … RETURNING and acted on in one transaction; if any of them fails, they are done
    again one by one, each in its own transaction, so a broken one holds back no other."""
    if not clocks:
        return 0, 0
    run = _Run()
    try:
        with transaction.atomic():
            claimed = _claim_all(kind, clocks, now)
            mine = [clock for clock in clocks if clock.pk in claimed]
            if kind is BREACH and mine:
                run.flagged = {clock.case_id for clock in mine}
                Case.objects.filter(pk__in=run.flagged).update(sla_breached=True)
            results: list[int | None] = [kind.effects(clock, now, run) for clock in mine]
            run.written()
    except Exception:
        logger.exception("SLA sweep: a clock failed; handling them one by one")
        run = _Run()
        results = [_act(kind, clock, now, run) for clock in clocks]
    done = [sent for sent in results if sent is not None]
    return len(done), sum(done)


def _claim_all(kind: _Kind, clocks: list[Clock], now: dt.datetime) -> set[int]:
    """Mark the clocks still due and unmarked, in one statement; the ids it marked. The WHERE
    re-checks in the database all that makes a clock due (another sweep may have been first)."""
    quote, ops = connection.ops.quote_name, connection.ops
    column = {name: quote(name) for name in (kind.due, kind.mark, "warned_at")}  # no db_column
    at = ops.adapt_datetimefield_value(now)
    sets = f"{column[kind.mark]} = %s"
    params: list[Any] = [at]
    if kind.mark == "breached_at":  # a breach is also the warning: never warned after it
        sets += f", {column['warned_at']} = COALESCE({column['warned_at']}, %s)"
        params.append(at)
    ids = [clock.pk for clock in clocks]
    sql = (
        f"UPDATE {quote(Clock._meta.db_table)} SET {sets} "
        f"WHERE id IN ({', '.join(['%s'] * len(ids))}) AND state = %s "
        f"AND {column[kind.mark]} IS NULL AND {column[kind.due]} <= %s RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids, State.RUNNING, at])
        return {row[0] for row in cursor.fetchall()}


def _act(kind: _Kind, clock: Clock, now: dt.datetime, run: _Run) -> int | None:
    """One clock in its own transaction: the emails queued, or None when another sweep had
    claimed it (or it stopped running) — or when it failed, so is not marked."""
    try:
        with transaction.atomic():
            run.events = []  # none left over from a clock that failed before
            if not _claim_all(kind, [clock], now):
                return None
            sent = kind.effects(clock, now, run)
            run.written()
            return sent
    except Exception:  # one broken clock must not stop the sweep for every other
        logger.exception("SLA sweep: clock %s not handled", clock.pk)
        return None


# --- the actions ---------------------------------------------------------------------------------
def _breached(clock: Clock, now: dt.datetime, run: _Run) -> int:
    """A claimed breach: the case flagged, one audit event, the target's escalation actions,
    then (unless the target says otherwise) the assignee and the leads told."""
    case = clock.case
    if case.pk not in run.flagged:
        Case.objects.filter(pk=case.pk).update(sla_breached=True)
    run.events.append(
        Entry(
            actor=None,
            verb="case.sla_breached",
            target=case,
            before={"metric": clock.metric, "breached_at": None},
            after={"metric": clock.metric, "breached_at": now, "due_at": clock.due_at},
        )
    )
    if Action.NOTIFY not in run.escalate(BREACH, clock):
        return 0
    wanted = _addresses([case.assignee.email if case.assignee else "", *run.leads(case)])
    return _queue("sla_breach", clock, _on_shift(clock, wanted, run, now))


def _warned(clock: Clock, now: dt.datetime, run: _Run) -> int:
    """A claimed warning: the escalation actions, then the assignee told (the leads while
    nobody is assigned)."""
    case = clock.case
    if Action.NOTIFY not in run.escalate(WARNING, clock):
        return 0
    if case.assignee is not None:
        wanted = _addresses([case.assignee.email])
    else:  # nobody to remind: the leads can still assign it in time
        wanted = _addresses(run.leads(case))
    kind = "sla_progress_due" if clock.metric == Metric.PROGRESS_UPDATE else "sla_warning"
    return _queue(kind, clock, _on_shift(clock, wanted, run, now))


BREACH = _Kind(due="due_at", mark="breached_at", actions="on_breach", effects=_breached)
WARNING = _Kind(due="warn_at", mark="warned_at", actions="on_warning", effects=_warned)


def _on_shift(clock: Clock, wanted: list[str], run: _Run, now: dt.datetime) -> list[str]:
    """Of `wanted`, who is on shift `now`; else the agent on call; else the leads
    (`paging.paged`)."""
    case = clock.case

    def clocked_on() -> set[int]:
        return set(Clock.objects.filter(case=case).values_list("calendar_id", flat=True))

    def leads() -> list[str]:  # whoever leads: the team's, else the vendor's administrators
        return run.leads(case) or _lead_emails(None)

    team = case.team.key if case.team is not None else ""
    return paged(case.policy_id, team, now, wanted, leads=leads, clocked_on=clocked_on)


def _lead_emails(team_id: int | None) -> list[str]:
    """The team's leads: its active agents who are vendor administrators (None: all of them)."""
    agents = Agent.objects.filter(is_vendor_admin=True, is_active=True)
    if team_id is not None:
        agents = agents.filter(teams=team_id)
    return list(agents.exclude(user__email="").order_by("pk").values_list("user__email", flat=True))


def _addresses(emails: Iterable[str]) -> list[str]:
    """Each address once, in order; empty ones dropped."""
    return list(dict.fromkeys(email for email in emails if email))


def _queue(kind: str, clock: Clock, recipients: list[str]) -> int:
    case = clock.case
    due = clock.due_at.astimezone(ZoneInfo(clock.calendar.time_zone)) if clock.due_at else None
    context = {
        "case": case,
        "clock": clock,
        "metric": Metric(clock.metric).label,
        "due": due,  # "lunes 7 de diciembre de 2026, 3:05 p. m. (hora de Bogotá)" in the email
        "zone": clock.calendar.time_zone,
        "site_url": settings.SITE_URL,
    }
    for to in recipients:
        # staff email: in the vendor's language, and outside the client's correspondence
        queue_email(
            kind,
            to=to,
            context=context,
            language=case.policy.language or settings.LANGUAGE_CODE,
            headers={"X-Tiquetera-Case": case.number},
        )
    if not recipients:
        logger.warning("SLA %s on case %s: nobody to notify", kind, case.number)
    return len(recipients)
