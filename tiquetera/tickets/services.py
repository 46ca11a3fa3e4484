"""Changes to a case's status: each checks the lifecycle table and writes one audit event.

`move` is the one place a status changes (the lifecycle services call it too), so what comes
with a change — `waiting_since` for auto-close, the SLA clocks — is kept in one place.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from tiquetera.audit.services import backdated, record
from tiquetera.sla.services import status_changed

from .errors import TicketsError
from .models import Case
from .statuses import TRANSITIONS, Status
from .workload import remember

Actor = AbstractBaseUser | AnonymousUser | None


def move(
    locked: Case,
    to: Status,
    *,
    actor: Actor,
    note: str = "",
    at: dt.datetime | None = None,
    also: Mapping[Status, frozenset[Status]] | None = None,
    told: Mapping[str, Any] | None = None,
    **fields: Any,
) -> None:
    """Move the locked case to `to` along the lifecycle table, setting `fields` with it, and write
    one "case.status_changed" event whose before/after hold the status and those fields (and
    `told`: what else the change did, in its "after" — a ticket credited back). `at`: when it
    happened (default now), for `waiting_since`, the SLA clocks and the event's time.

    Call inside `transaction.atomic`, on a case read with `select_for_update`. TicketsError
    "illegal_transition" (nothing written) when the table does not allow the move (nor `also`:
    moves only one service makes, such as `statuses.OUT_OF_SCOPE_MOVES`).
    """
    source = Status(locked.status)
    if to not in TRANSITIONS[source] and to not in (also or {}).get(source, frozenset()):
        raise TicketsError("illegal_transition", source=source.label, target=to.label)
    before = {"status": source, **{name: getattr(locked, name) for name in fields}}
    locked.status = to
    for name, value in fields.items():
        setattr(locked, name, value)
    if to == Status.WAITING_ON_CLIENT:
        locked.waiting_since = at or timezone.now()
    elif source == Status.WAITING_ON_CLIENT:
        locked.waiting_since = None
    locked.save(update_fields=["status", "waiting_since", *fields, "updated_at"])
    with backdated(at):  # a change recorded after the fact is dated when it happened
        record(
            actor=actor,
            verb="case.status_changed",
            target=locked,
            before=before,
            # and keeps that time in its "after": the simulator replays it then
            after={
                "status": to,
                **fields,
                **(told or {}),
                **({"at": at} if at is not None else {}),
            },
            note=note,
        )
    status_changed(locked, source, to, at=at or timezone.now())  # the SLA clocks


def change_status(
    case: Case, to: str, *, actor: Actor, reason: str = "", at: dt.datetime | None = None
) -> Case:
    """Move `case` to status `to` if the lifecycle table (`statuses.TRANSITIONS`) allows it.

    The case is re-read under a row lock, so two agents moving it at once cannot both succeed
    from the same status. Writes one audit event "case.status_changed" (before/after: status,
    note: `reason`). TicketsError "illegal_transition" (nothing written) otherwise. `at`: when
    it happened, for a change recorded after the fact (default now).
    """
    try:
        target = Status(to)
    except ValueError:
        raise TicketsError("unknown_status", value=to) from None
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        move(locked, target, actor=actor, note=reason, at=at)
    case.status, case.waiting_since = locked.status, locked.waiting_since
    remember(case, like=locked)
    case.updated_at = locked.updated_at
    return case
