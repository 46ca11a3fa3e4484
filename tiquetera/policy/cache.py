"""What a process may keep of a policy in memory: anything derived from the policy's rows,
kept until the policy's `revision` changes.

Every process (web workers, the worker) asks `cached(policy_id, name, load)`; it reads the
stored revision (one indexed read) and calls `load(policy_id)` only when the revision it holds
is another. Saving or deleting a row of a watched model (`watch`, from each app's `ready()`),
and any change to a calendar, gives the policy a new revision, so every process sees a change at
its next use. Changes made with `QuerySet.update()` send no signal: after one, call
`Policy.bump_revision`. What `load` returns is shared: read it, never change it.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from tiquetera.core.queries import Prepared

from .models import Policy

T = TypeVar("T")

_cached: dict[tuple[int, str], tuple[uuid.UUID, Any]] = {}
_lock = threading.Lock()
_pinned: ContextVar[dict[int, uuid.UUID] | None] = ContextVar("policy_revisions", default=None)


@contextmanager
def one_revision() -> Iterator[None]:
    """Inside the block each policy's revision is read once: everything one piece of work (an
    intake) derives from a policy comes from the same revision, at the cost of one read. A
    block inside another keeps the outer one's revisions (a view that reads the policy, then
    takes the case in: one read a request). Also a decorator (`@one_revision()`)."""
    if _pinned.get() is not None:
        yield
        return
    token = _pinned.set({})
    try:
        yield
    finally:
        _pinned.reset(token)


# read at every intake and most requests: compiled once (core/queries.py)
_REVISION = Prepared(
    lambda policy_id: Policy.objects.filter(pk=policy_id).order_by().values_list("revision")[:1],
    int,
)


def _revision(policy_id: int) -> uuid.UUID:
    pinned = _pinned.get()
    if pinned is not None and policy_id in pinned:
        return pinned[policy_id]
    row = _REVISION.first(policy_id)
    if row is None:
        raise Policy.DoesNotExist(f"no policy {policy_id}")
    revision = row[0]
    if pinned is not None:
        pinned[policy_id] = revision
    return revision


def unpin(policy_id: int) -> None:
    """Read the policy's revision again at its next use inside `one_revision`: this piece of
    work changed it (the intake applied a revision that was due)."""
    pinned = _pinned.get()
    if pinned is not None:
        pinned.pop(policy_id, None)


def cached(policy_id: int, name: str, load: Callable[[int], T]) -> T:
    """`load(policy_id)` as of the policy's current revision, computed once per revision."""
    revision = _revision(policy_id)
    held = _cached.get((policy_id, name))
    if held is not None and held[0] == revision:
        return held[1]  # type: ignore[no-any-return]
    value = load(policy_id)
    with _lock:
        _cached[(policy_id, name)] = (revision, value)
    return value


def _changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    Policy.bump_revision(instance.policy_id)


def watch(*models: type[Model]) -> None:
    """Give the policy a new revision whenever a row of `models` (each with a `policy` foreign
    key) is saved or deleted."""
    for model in models:
        uid = f"policy-revision-{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}-delete")
