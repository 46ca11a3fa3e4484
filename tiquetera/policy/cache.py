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
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from .models import Policy

T = TypeVar("T")

_cached: dict[tuple[int, str], tuple[uuid.UUID, Any]] = {}
_lock = threading.Lock()


def cached(policy_id: int, name: str, load: Callable[[int], T]) -> T:
    """`load(policy_id)` as of the policy's current revision, computed once per revision."""
    revision = Policy.objects.filter(pk=policy_id).values_list("revision", flat=True).get()
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
