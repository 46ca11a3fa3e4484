"""Resolving a case, the client's confirmation that closes it, and reopening it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..errors import TicketsError
from ..models import Case
from ..notify import notify_requester
from ..permissions import may_answer_resolution
from ..services import move
from ..statuses import Status
from ._shared import Actor, copy_back, desk_rules, lock, required_text


def resolve(case: Case, *, resolution: str, actor: Actor, at: dt.datetime | None = None) -> Case:
    """Mark the case resolved with its `resolution` (required) and `resolved_at`, and queue the
    requester's "resolved" email.

    When the policy's desk rules say the client does not confirm resolutions
    (`DeskRules.confirm_resolution` False), the case is closed at once as well (`closed_at`):
    that is two status changes, so two "case.status_changed" events (resolved, then closed), and
    still one email — the "resolved" one, which then says the case is closed. Otherwise one
    event, and the case waits for `confirm_resolution` or `reopen`. TicketsError
    "resolution_required", "illegal_transition" (nothing written). `at`: when it was resolved,
    for a resolution recorded after the fact (default now).
    """
    resolution = required_text(resolution, "resolution_required")
    rules = desk_rules(case)
    closes_at_once = rules is not None and not rules.confirm_resolution
    now = at or timezone.now()
    with transaction.atomic():
        locked = lock(case)
        move(locked, Status.RESOLVED, actor=actor, at=now, resolution=resolution, resolved_at=now)
        if closes_at_once:
            move(locked, Status.CLOSED, actor=actor, at=now, closed_at=now)
        notify_requester(locked, "resolved", {"closed": closes_at_once})
    copy_back(case, locked, "status", "resolution", "resolved_at", "closed_at")
    return case


def confirm_resolution(case: Case, *, actor: Actor, at: dt.datetime | None = None) -> Case:
    """The resolution is confirmed (by the client, or an agent on their word): the resolved case
    is closed (`closed_at`) and the requester gets the "closed" email. One "case.status_changed"
    event. TicketsError "not_allowed" for a client who does not follow the case (see
    `permissions.follows_case`), "illegal_transition" when the case is not resolved (nothing
    written). `at`: when it was confirmed (default now)."""
    if not may_answer_resolution(actor, case):
        raise TicketsError("not_allowed")
    with transaction.atomic():
        locked = lock(case)
        if locked.status != Status.RESOLVED:  # the table also lets a duplicate close, not this
            raise TicketsError(
                "illegal_transition",
                source=Status(locked.status).label,
                target=Status.CLOSED.label,
            )
        now = at or timezone.now()
        move(locked, Status.CLOSED, actor=actor, at=now, closed_at=now)
        notify_requester(locked, "closed")
    copy_back(case, locked, "status", "closed_at")
    return case


def reopen(case: Case, *, actor: Actor, reason: str) -> Case:
    """The resolution did not solve it: the resolved case goes back to "in progress", its
    resolution and `resolved_at` cleared (the event's before keeps them). One
    "case.status_changed" event with `reason` as its note. TicketsError "not_allowed" (a client
    who does not follow the case), "reason_required", "illegal_transition" (a closed case is
    final: the client opens a new one) (nothing written)."""
    if not may_answer_resolution(actor, case):
        raise TicketsError("not_allowed")
    reason = required_text(reason, "reason_required")
    with transaction.atomic():
        locked = lock(case)
        move(locked, Status.IN_PROGRESS, actor=actor, note=reason, resolution="", resolved_at=None)
    copy_back(case, locked, "status", "resolution", "resolved_at")
    return case
