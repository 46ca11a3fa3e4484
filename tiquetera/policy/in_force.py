"""Which policy revision was in force at a moment: a case is judged by the rules in force at its
arrival (issue 16; docs/policy.md, "What a case gets").

The live tables hold the policy's current revision (the last applied). A revision is in force
from its `effective_from` (a dated file) or from when it was applied (a file loaded at once) until
the next one's moment. A case that arrived before the current revision's moment — parked and let
in later, an email fetched late — is judged by the revision in force at its arrival, built from
that revision's stored text (`document`), never loaded into the live tables.

`revision_at` answers from the list of applied revisions, kept per policy revision
(`policy.cache`: no query of its own); every recorded load or application gives the policy a new
revision (`revisions`), so the list is never stale.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .cache import cached
from .models import PolicyRevision
from .schema import PolicyDocument, parse_policy

_live: ContextVar[bool] = ContextVar("policy_live", default=False)


@dataclass(frozen=True)
class _Applied:
    """A policy's applied revisions: (moment in force from, pk), in the order they took over,
    and the current one (the last applied: the live tables)."""

    timeline: tuple[tuple[dt.datetime, int], ...]
    current: tuple[dt.datetime, int] | None


def _load(policy_id: int) -> _Applied:
    rows = PolicyRevision.objects.filter(
        policy_id=policy_id, state=PolicyRevision.State.APPLIED
    ).values_list("pk", "effective_from", "applied_at")
    found = [(effective or applied, applied, pk) for pk, effective, applied in rows if applied]
    if not found:
        return _Applied((), None)
    last = max(found, key=lambda row: (row[1], row[2]))  # as `revisions.current_revision`
    timeline = tuple((start, pk) for start, _applied, pk in sorted(found))
    return _Applied(timeline, (last[0], last[2]))


def revision_at(policy_id: int, moment: dt.datetime) -> int | None:
    """The pk of the revision that was in force at `moment` when it is not the one in the live
    tables; None when the live tables say it (`moment` at or after the current revision's
    moment, no revision recorded, or inside `as_loaded`). Before the first recorded revision
    nothing older is known: the first one answers."""
    if _live.get():
        return None
    applied = cached(policy_id, "revisions_in_force", _load)
    if applied.current is None or moment >= applied.current[0]:
        return None
    before = [pk for start, pk in applied.timeline if start <= moment]
    chosen = before[-1] if before else applied.timeline[0][1]
    return None if chosen == applied.current[1] else chosen


@contextmanager
def as_loaded() -> Iterator[None]:
    """Inside the block every case is judged by the live tables, whatever its arrival: the
    policy simulator replays a window's cases under the file it loaded."""
    token = _live.set(True)
    try:
        yield
    finally:
        _live.reset(token)


_documents: dict[tuple[int, str], PolicyDocument] = {}
_lock = threading.Lock()


def document(revision_id: int) -> PolicyDocument:
    """The revision's file, parsed once per process: kept by its primary key and checksum (a
    revision's text never changes, but a key may name another revision after a rollback)."""
    checksum = PolicyRevision.objects.values_list("checksum", flat=True).get(pk=revision_id)
    found = _documents.get((revision_id, checksum))
    if found is None:
        revision = PolicyRevision.objects.only("text", "source").get(pk=revision_id)
        found = parse_policy(revision.text, revision.source)
        with _lock:
            _documents[(revision_id, checksum)] = found
    return found
