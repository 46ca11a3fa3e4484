"""Bugs escalated to R&D, who commit to a fix date that the requester is told.

Seed 004 (Soho Apps): "Si el análisis de ticket determina que es un bug del software, el área de
Investigación y desarrollo procederá determinar el tiempo máximo que tarda la solución la cual
será notificada al solicitante."
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import record
from tiquetera.sla.services import fix_date_committed

from ..errors import TicketsError
from ..models import Case
from ..notify import notify_requester
from ..services import move
from ..statuses import Status
from ._shared import Actor, copy_back, lock, today_for


def escalate_to_rd(case: Case, *, fix_due_on: dt.date, actor: Actor, note: str = "") -> Case:
    """Move the case to "escalated to R&D" with the fix date R&D committed to, and queue the
    requester's "escalated" email with that date. One "case.status_changed" event carrying the
    status and `fix_due_on` (note: `note`). TicketsError "fix_date_past", "illegal_transition"
    (nothing written)."""
    _check_date(case, fix_due_on)
    with transaction.atomic():
        locked = lock(case)
        move(locked, Status.ESCALATED_RD, actor=actor, note=note.strip(), fix_due_on=fix_due_on)
        notify_requester(locked, "escalated", {"fix_due_on": fix_due_on})
    copy_back(case, locked, "status", "fix_due_on")
    return case


def set_fix_date(case: Case, *, fix_due_on: dt.date, actor: Actor, note: str = "") -> Case:
    """Change the committed fix date of a case escalated to R&D and tell the requester again
    ("fix_date_changed" email, with the old and new dates). One "case.fix_date_changed" event;
    the same date again changes nothing and writes nothing. TicketsError "not_escalated",
    "fix_date_past" (nothing written)."""
    _check_date(case, fix_due_on)
    with transaction.atomic():
        locked = lock(case)
        if locked.status != Status.ESCALATED_RD:
            raise TicketsError("not_escalated", number=locked.number)
        previous = locked.fix_due_on
        if previous == fix_due_on:
            return case
        locked.fix_due_on = fix_due_on
        locked.save(update_fields=["fix_due_on", "updated_at"])
        fix_date_committed(locked, at=timezone.now())  # the fix-date clock moves with it
        record(
            actor=actor,
            verb="case.fix_date_changed",
            target=locked,
            before={"fix_due_on": previous},
            after={"fix_due_on": fix_due_on},
            note=note.strip(),
        )
        notify_requester(
            locked, "fix_date_changed", {"fix_due_on": fix_due_on, "previous_fix_due_on": previous}
        )
    copy_back(case, locked, "fix_due_on")
    return case


def _check_date(case: Case, fix_due_on: dt.date) -> None:
    if fix_due_on < today_for(case):
        raise TicketsError("fix_date_past", date=fix_due_on)
