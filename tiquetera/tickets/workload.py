"""How many working cases each agent holds (`Agent.working_cases`), so that choosing the least
loaded agent reads one small table instead of counting a desk's open cases at every intake.

The count follows every saved or deleted case: each Case instance remembers the status and
assignee it was read (or last saved) with, and a save that moves it into, out of or between
agents' working sets adds or takes one in the same transaction. Writes that bypass `save()`
(`bulk_create`, `QuerySet.update`, raw SQL) are not seen: the nightly `recount` (and the bench
seeder) set every count from the cases again, and say how many were off.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F
from django.db.models.signals import post_delete, post_init, post_save

from tiquetera.directory.models import Agent

from .models import Case
from .statuses import Status

# The statuses an agent is still working on: an assignee's load counts these.
WORKING = (Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CLIENT, Status.ESCALATED_RD)
_WORKING = frozenset(WORKING)
_UNKNOWN = object()


def holder(status: str | None, assignee_id: int | None) -> int | None:
    """The user whose load a case in `status` with `assignee_id` counts in, if any."""
    return assignee_id if status in _WORKING else None


def remember(case: Case, like: Case | None = None) -> None:
    """Note what `case` is stored with (that of `like`, a copy of the same row just saved)."""
    source = like if like is not None else case
    if {"status", "assignee_id"} <= source.__dict__.keys():
        case._stored_load = (source.status, source.assignee_id)  # type: ignore[attr-defined]
    else:  # deferred fields: read at the next save
        case.__dict__.pop("_stored_load", None)


def _stored(case: Case) -> tuple[str | None, int | None]:
    known = case.__dict__.get("_stored_load", _UNKNOWN)
    if known is not _UNKNOWN:
        return known  # type: ignore[no-any-return]
    row = Case.objects.filter(pk=case.pk).values_list("status", "assignee_id").first()
    return row if row is not None else (None, None)


def _move(old: int | None, new: int | None) -> None:
    if old == new:
        return
    changes = {user: step for user, step in ((old, -1), (new, 1)) if user is not None}
    for user in sorted(changes):  # rows locked in one order: two reassignments never deadlock
        agent = Agent.objects.filter(user_id=user)
        if changes[user] < 0:
            agent.filter(working_cases__gt=0).update(working_cases=F("working_cases") - 1)
        else:
            agent.update(working_cases=F("working_cases") + 1)


def _initialised(sender: type[Case], instance: Case, **kwargs: Any) -> None:
    if instance.pk is not None:
        remember(instance)


def _saved(
    sender: type[Case],
    instance: Case,
    created: bool,
    update_fields: frozenset[str] | None,
    **kwargs: Any,
) -> None:
    status, assignee_id = (None, None) if created else _stored(instance)
    written = update_fields if update_fields is not None else {"status", "assignee"}
    new_status = instance.status if "status" in written else status
    wrote_assignee = bool({"assignee", "assignee_id"} & written)
    new_assignee = instance.assignee_id if wrote_assignee else assignee_id
    _move(holder(status, assignee_id), holder(new_status, new_assignee))
    instance._stored_load = (new_status, new_assignee)  # type: ignore[attr-defined]


def _deleted(sender: type[Case], instance: Case, **kwargs: Any) -> None:
    known = instance.__dict__.get("_stored_load", (instance.status, instance.assignee_id))
    _move(holder(*known), None)


def connect() -> None:
    """Follow cases' saves and deletes (from the tickets app's `ready()`)."""
    post_init.connect(_initialised, sender=Case, dispatch_uid="workload-init")
    post_save.connect(_saved, sender=Case, dispatch_uid="workload-save")
    post_delete.connect(_deleted, sender=Case, dispatch_uid="workload-delete")


def recount() -> int:
    """Set every agent's count from the cases (one grouped read); how many counts were off."""
    counts = dict(
        Case.objects.filter(status__in=WORKING, assignee__isnull=False)
        .order_by()
        .values_list("assignee_id")
        .annotate(n=Count("*"))
    )
    off = 0
    for agent in Agent.objects.only("pk", "user_id", "working_cases"):
        right = counts.get(agent.user_id, 0)
        if agent.working_cases != right:
            off += 1
            Agent.objects.filter(pk=agent.pk).update(working_cases=right)
    return off
