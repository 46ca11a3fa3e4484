"""Queue-order changes (issue 19): the window's cases still in the agents' queue at the report's
moment, ordered as the queue orders them (`desk.queue.ORDER`: severity rank, plan rank, next
SLA deadline with none last) under the recorded clocks and under the replayed ones, and the
cases whose place changes. Ties, which the live queue breaks by id, go by arrival, the same on
both sides. A case in one queue only (refused, or let in, under the file) is listed too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .facts import CaseFacts, QueueKey

# a case without a deadline comes after every dated one of its group (NULLS LAST)
_NO_DEADLINE = dt.datetime.max.replace(tzinfo=dt.UTC)


def _sort_key(key: QueueKey, arrival: int) -> tuple[int, int, dt.datetime, int]:
    severity_rank, plan_rank, due_at = key
    return (severity_rank, plan_rank, due_at or _NO_DEADLINE, arrival)


def places(facts: Sequence[CaseFacts]) -> dict[str, int]:
    """Each queued case's place (1 first) among the window's queued cases, by case number."""
    queued = [
        (_sort_key(fact.queue_key, arrival), fact.number)
        for arrival, fact in enumerate(facts)
        if fact.queue_key is not None
    ]
    return {number: place for place, (_key, number) in enumerate(sorted(queued), start=1)}


def _due(fact: CaseFacts) -> str | None:
    if fact.queue_key is None or fact.queue_key[2] is None:
        return None
    return fact.queue_key[2].astimezone(dt.UTC).isoformat()  # as stored, whatever its zone


def queue_changes(current: Sequence[CaseFacts], proposed: Sequence[CaseFacts]) -> dict[str, Any]:
    """How many cases are in the queue on each side, and each case whose place changes, in the
    proposed queue's order (those that leave it last)."""
    now, then = places(current), places(proposed)
    rows = []
    for before, after in zip(current, proposed, strict=True):
        place_now, place_then = now.get(before.number), then.get(after.number)
        if place_now == place_then:
            continue
        rows.append(
            {
                "case": before.number,
                "organization": before.organization,
                "severity": before.severity,
                "current": place_now,
                "proposed": place_then,
                "current_due_at": _due(before),
                "proposed_due_at": _due(after),
                "moves": (place_now - place_then) if place_now and place_then else None,
            }
        )
    rows.sort(key=lambda row: (row["proposed"] is None, row["proposed"] or 0, row["case"]))
    return {"current": len(now), "proposed": len(then), "changes": rows}
