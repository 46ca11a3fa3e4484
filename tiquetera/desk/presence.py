"""Who else has a case open on the desk, and whether they are writing on it (issue 17).

Each agent's case page tells the server every `POLL_SECONDS` that they are there (and whether
their reply or note box has text); the server keeps, per case, who was seen in the last
`TTL_SECONDS` in the cache — Redis when the service runs on several web processes
(`REDIS_URL`), so every process sees the same agents. The read-modify-write of the per-case entry
is not atomic: an update lost to a race is made again at the agent's next poll.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from tiquetera.tickets.models import Case

POLL_SECONDS = 15
TTL_SECONDS = 40  # two polls missed, plus a margin: then the agent has left


@dataclass(frozen=True)
class Presence:
    name: str
    writing: bool


def _key(case: Case) -> str:
    return f"desk:presence:{case.pk}"


def seen_on_case(
    case: Case, viewer: Any, *, writing: bool, now: dt.datetime | None = None
) -> list[Presence]:
    """Record that `viewer` has `case` open (writing or not) and return the other agents seen
    on it within `TTL_SECONDS`, by name."""
    moment = (now or timezone.now()).timestamp()
    entries: dict[int, dict[str, Any]] = cache.get(_key(case)) or {}
    fresh = {uid: seen for uid, seen in entries.items() if moment - seen["at"] < TTL_SECONDS}
    name = viewer.get_full_name() or viewer.get_username()
    fresh[viewer.pk] = {"name": name, "writing": writing, "at": moment}
    cache.set(_key(case), fresh, TTL_SECONDS)
    others = [
        Presence(seen["name"], seen["writing"]) for uid, seen in fresh.items() if uid != viewer.pk
    ]
    return sorted(others, key=lambda presence: presence.name)
