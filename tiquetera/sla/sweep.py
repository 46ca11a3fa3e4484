"""The SLA sweep (every minute, `tasks.py`): clocks past their warning time are warned, clocks past
their due time are breached, and the people who can still act are told.

DESIGN.md, "SLA clocks are rows": the candidates are read with the partial indexes'
exact conditions (`sla_clock_warn_due`, `sla_clock_breach_due`), so a sweep with nothing due is
two index probes however many clocks are running.

Idempotence: each candidate is claimed with a conditional UPDATE
(`… SET breached_at = now WHERE pk = … AND breached_at IS NULL AND state = 'running' …`) and
acted on only when that UPDATE changed one row. The emails (outbox rows), the case's
`sla_breached` flag and the audit event are written in the claim's transaction — one for all the
clocks of a kind, or one per clock when some clock fails — so a claim and its effects commit
together or not at all. A second sweep, or one running at the same time
on another worker, finds the row claimed (PostgreSQL re-checks the WHERE after the first
transaction commits; SQLite serialises writers) and does nothing.

Who hears what:
- a warning goes to the assignee (to the team's leads while nobody is assigned);
  for a `progress_update` clock it is the reminder that an update to the client is due
  (CustomSoft, seed 001: clients are kept informed of the progress of long cases);
- a breach goes to the assignee and to the team's leads (its agents who are vendor
  administrators: there is no team-lead field), and writes one "case.sla_breached" event.
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, F, QuerySet, Value
from django.db.models.functions import Coalesce

from tiquetera.audit.services import record
from tiquetera.directory.models import Agent
from tiquetera.notifications.services import queue_email
from tiquetera.tickets.models import Case

from .models import Clock, Metric

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
    breached, breach_emails = _handle(_breach, _breach_candidates(now, batch), now)
    warned, warning_emails = _handle(_warn, _warning_candidates(now, batch), now)
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
    """With what the notices need, read in the candidates' own query (not one per clock)."""
    return clocks.select_related("calendar", "case__assignee", "case__policy")


_Action = Callable[[Clock, dt.datetime], int | None]


def _handle(action: _Action, clocks: list[Clock], now: dt.datetime) -> tuple[int, int]:
    """(clocks acted on, emails queued). All of a sweep's clocks of one kind in one transaction —
    one commit a minute, not one per clock; if any of them fails, they are done again one by one,
    each in its own transaction, so a broken one holds back no other."""
    if not clocks:
        return 0, 0
    try:
        with transaction.atomic():
            results = [action(clock, now) for clock in clocks]
    except Exception:
        logger.exception("SLA sweep: a clock failed; handling them one by one")
        results = [_act(action, clock, now) for clock in clocks]
    done = [sent for sent in results if sent is not None]
    return len(done), sum(done)


def _act(action: _Action, clock: Clock, now: dt.datetime) -> int | None:
    """Run `action` on one clock in its own transaction: the emails queued, or None when another
    sweep had claimed it (or it stopped running) — or when the action failed, so is not marked."""
    try:
        with transaction.atomic():
            return action(clock, now)
    except Exception:  # one broken clock must not stop the sweep for every other
        logger.exception("SLA sweep: clock %s not handled", clock.pk)
        return None


# --- the actions ---------------------------------------------------------------------------------
def _breach(clock: Clock, now: dt.datetime) -> int | None:
    """Claim and act; the clock was read with the candidates, and the claim re-checks in the
    database everything that makes it due, so what was read is what is acted on."""
    claimed = Clock.objects.filter(
        pk=clock.pk, state=State.RUNNING, breached_at__isnull=True, due_at__lte=now
    ).update(
        breached_at=now,
        warned_at=Coalesce(F("warned_at"), Value(now, output_field=DateTimeField())),
    )
    if not claimed:
        return None
    case = clock.case
    Case.objects.filter(pk=case.pk).update(sla_breached=True)
    record(
        actor=None,
        verb="case.sla_breached",
        target=case,
        before={"metric": clock.metric, "breached_at": None},
        after={"metric": clock.metric, "breached_at": now, "due_at": clock.due_at},
    )
    recipients = _addresses([case.assignee.email if case.assignee else "", *_lead_emails(case)])
    return _queue("sla_breach", clock, recipients)


def _warn(clock: Clock, now: dt.datetime) -> int | None:
    claimed = Clock.objects.filter(
        pk=clock.pk, state=State.RUNNING, warned_at__isnull=True, warn_at__lte=now
    ).update(warned_at=now)
    if not claimed:
        return None
    case = clock.case
    if case.assignee is not None:
        recipients = _addresses([case.assignee.email])
    else:  # nobody to remind: the leads can still assign it in time
        recipients = _addresses(_lead_emails(case))
    kind = "sla_progress_due" if clock.metric == Metric.PROGRESS_UPDATE else "sla_warning"
    return _queue(kind, clock, recipients)


def _lead_emails(case: Case) -> list[str]:
    """The team's leads: its active agents who are vendor administrators."""
    if case.team_id is None:
        return []
    return list(
        Agent.objects.filter(teams=case.team_id, is_vendor_admin=True, is_active=True)
        .exclude(user__email="")
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


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
        "due": f"{due:%Y-%m-%d %H:%M} ({clock.calendar.time_zone})" if due else "",
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
