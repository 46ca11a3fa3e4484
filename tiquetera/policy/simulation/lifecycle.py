"""What really happened to a recorded case — its status changes (the pauses while waiting on the
client, being let in, the resolution), its assignment and its agents' replies — replayed at
the recorded times onto its replay's clocks, through the same clock services the desk uses
(`sla.services`): the new calendars and targets decide the deadlines, history decides the rest.
The replays' clocks, made in memory by the intake replay (`intake`), live in memory too
(`sla.services.InMemory`): the same transitions as the desk's, without a statement an event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.utils.dateparse import parse_datetime

from tiquetera.audit.models import AuditEvent
from tiquetera.sla.models import Clock, Metric
from tiquetera.sla.services import (
    InMemory,
    agent_replied,
    meet,
    status_changed,
)
from tiquetera.tickets.models import Article, Case
from tiquetera.tickets.statuses import Status

from .facts import batches

Event = tuple[dt.datetime, int, str, str]  # when, order, what ("status", "assigned", "replied"), to


def histories(cases: Sequence[Case]) -> dict[int, list[Event]]:
    """Per recorded case, its life after arrival in time order."""
    found: dict[int, list[Event]] = {case.pk: [] for case in cases}
    case_type = ContentType.objects.get_for_model(Case)
    for batch in batches(cases):
        events = AuditEvent.objects.filter(
            verb="case.status_changed",
            content_type=case_type,
            object_id__in=[str(case.pk) for case in batch],
        ).values_list("pk", "object_id", "at", "after")
        for pk, object_id, at, after in events:
            when = (parse_datetime(after["at"]) if after.get("at") else None) or at
            found[int(object_id)].append((when, pk, "status", after["status"]))
        met = Clock.objects.filter(
            case__in=[case.pk for case in batch], metric=Metric.ASSIGNMENT, met_at__isnull=False
        ).values_list("case_id", "met_at")
        for case_id, met_at in met:
            if met_at is not None:
                found[case_id].append((met_at, 0, "assigned", ""))
        # every agent's public reply (`add_reply`: a reply without a client contact), dated when
        # it was written: the first meets the first response, each restarts the progress update
        replies = Article.objects.filter(
            case__in=[case.pk for case in batch],
            kind=Article.Kind.REPLY,
            author_contact__isnull=True,
        ).values_list("case_id", "created_at")
        for case_id, written in replies:
            found[case_id].append((written, 0, "replied", ""))
    for events_of in found.values():
        events_of.sort(key=lambda event: (event[0], event[1]))
    return found


def replay_life(replay: Case, recorded: Case, events: Iterable[Event], store: InMemory) -> None:
    """Move `replay` (just taken in, in the status its original arrived in) through `events`,
    its clocks in `store`."""
    replay.fix_due_on = recorded.fix_due_on
    for at, _order, what, to in events:
        if what == "assigned":
            replay.assignee_id = recorded.assignee_id or replay.assignee_id
        step(replay, at, what, to, store)


def step(case: Case, at: dt.datetime, what: str, to: str, store: InMemory) -> None:
    """One step of `case`'s life at `at` through the desk's clock transitions, in `store`: taken
    by its assignee ("assigned", the assignee already set), answered by an agent ("replied"), or
    moved to status `to` — a recorded life replayed, or `tiquetera seed`'s generated one."""
    if what == "assigned":
        meet(case, Metric.ASSIGNMENT, at=at, store=store)
    elif what == "replied":
        case.first_response_at = case.first_response_at or at
        agent_replied(case, at=at, store=store)
    else:
        source = case.status
        case.status = to
        case.waiting_since = at if to == Status.WAITING_ON_CLIENT else None
        if to == Status.RESOLVED:
            case.resolved_at = at
        if to == Status.CLOSED:
            case.closed_at = at
        status_changed(case, source, to, at=at, store=store)
