"""Rows a worker takes one at a time — the email outbox, WhatsApp deliveries and messages —
claimed with a lease, so several workers never take the same row and a dead worker's row comes
back when its lease ends."""

import datetime as dt
from typing import Any

from django.db.models import F, QuerySet


def claim_next(due: QuerySet[Any], *, status: str, lease: dt.timedelta, now: dt.datetime) -> Any:
    """The primary key of the next row of `due` (oldest `next_attempt_at` first), now ours: a
    conditional UPDATE sets `status`, counts the attempt and moves `next_attempt_at` to the end
    of the lease, which takes the row out of every other worker's `due`; a row another worker
    took first is skipped. None when nothing is due."""
    for pk in due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:10]:
        if due.filter(pk=pk).update(
            status=status, next_attempt_at=now + lease, attempts=F("attempts") + 1
        ):
            return pk
    return None
