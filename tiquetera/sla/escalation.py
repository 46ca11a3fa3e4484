"""What the sweep does to a case beyond telling people: the escalation actions of a target
(`SlaTarget.on_warning`, `SlaTarget.on_breach`; the policy file's `[[sla.targets]]`).

Issue 5: "runs the policy's escalation actions: notify the assignee and the team lead, raise
priority, reassign". Notifying is the sweep's own (`sweep.py`); here are the other two, each a
state change with one audit event:
- "raise_severity": the case moves to the policy's next more urgent severity, so the queue
  (ordered by severity rank first) brings it up;
- "reassign": the case goes to its team's lead, or to another team's least-loaded agent
  (`tickets.lifecycle.assignment.escalate_assignment`).

They run inside the sweep's transaction, only for the clocks whose target asks for them: a
policy that only notifies costs the sweep no query per case.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.db import transaction

from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.assignment import escalate_assignment
from tiquetera.tickets.lifecycle.severity import set_severity
from tiquetera.tickets.models import Case, Severity
from tiquetera.tickets.statuses import FINAL, Status

from .models import Action, Clock, SlaTarget, notify_only

logger = logging.getLogger(__name__)


def actions_of(clock: Clock, when: str) -> list[str]:
    """The actions of the clock's target `when` ("on_warning" or "on_breach"); a clock whose
    target is gone only notifies."""
    target: SlaTarget | None = clock.target
    actions = getattr(target, when) if target is not None else None
    return list(actions) if isinstance(actions, list) else notify_only()


def escalate(
    clock: Clock,
    actions: Iterable[str],
    *,
    severities: list[Severity],
    note: str,
    at: dt.datetime | None = None,
) -> None:
    """Run the actions other than "notify" on the clock's case, in the order written; `at`: the
    moment it fell due (who is on shift then; default now)."""
    case = clock.case
    for action in actions:
        if action == Action.RAISE_SEVERITY:
            raise_severity(case, severities=severities, note=note)
        elif action == Action.REASSIGN and clock.target is not None:
            try:
                escalate_assignment(case, to=clock.target.reassign_to, at=at)
            except TicketsError as refused:  # closed meanwhile: the breach is still recorded
                logger.warning("SLA escalation of %s not reassigned: %s", case.number, refused)


def raise_severity(case: Case, *, severities: list[Severity], note: str = "") -> Severity | None:
    """Move the case to the next more urgent of `severities` (the policy's): the one ranked
    nearest above the case's own rank. The case's priority — the quota its ticket was taken
    from — is kept, so the entitlement counters still match. Writes one "case.severity_raised"
    event (the system as actor); returns the new severity, or None when none is more urgent or
    the case is final (nothing written)."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        higher = [s for s in severities if s.rank < locked.severity_rank]
        if Status(locked.status) in FINAL or not higher:
            return None
        chosen = max(higher, key=lambda s: (s.rank, s.code))  # the nearest step up
        set_severity(locked, chosen, actor=None, verb="case.severity_raised", note=note)
    case.severity, case.severity_rank, case.updated_at = (
        locked.severity,
        locked.severity_rank,
        locked.updated_at,
    )
    return chosen
