"""The clock transitions are written once, against where the clocks are kept: the database
(`STORED`, live cases) or memory (`InMemory`, the policy simulator's replays). The same life —
a reply, a wait on the client, R&D with a fix date, a resolution, a reopening — moved through
both leaves the same clocks and the same next deadline after every step."""

import datetime as dt

import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.sla.models import Clock, Metric
from tiquetera.sla.services import InMemory, agent_replied, meet, plans_of, status_changed
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status

from .sla_world import bogota, jq_case, soho_case

pytestmark = pytest.mark.django_db
FIELDS = (
    "metric",
    "state",
    "calendar_id",
    "target_minutes",
    "used_minutes",
    "started_at",
    "running_since",
    "due_at",
    "warn_at",
    "met_at",
    "breached_at",
)


def _in_memory(case: Case) -> InMemory:
    clocks = list(Clock.objects.filter(case=case).select_related("calendar").order_by("metric"))
    plans = plans_of([case.consumption_id]) if case.consumption_id else {}
    return InMemory(
        {case.pk: clocks},
        {case.pk: plans.get(case.consumption_id or 0, "")},
        lambda policy: Calendar.objects.filter(policy_id=policy, is_default=True).first(),
    )


def _rows(clocks: list[Clock]) -> list[tuple[object, ...]]:
    return sorted(tuple(getattr(clock, name) for name in FIELDS) for clock in clocks)


def _step(case: Case, store: InMemory | None, what: str, to: str, at: dt.datetime) -> None:
    if what == "assigned":
        meet(case, Metric.ASSIGNMENT, at=at, store=store)
    elif what == "replied":
        case.first_response_at = case.first_response_at or at
        agent_replied(case, at=at, store=store)
    else:
        source, case.status = case.status, to
        if to == Status.RESOLVED:
            case.resolved_at = at
        status_changed(case, source, to, at=at, store=store)


LIFE = [
    ("replied", "", bogota(2026, 7, 6, 10, 0)),
    ("status", Status.IN_PROGRESS, bogota(2026, 7, 6, 10, 5)),
    ("status", Status.WAITING_ON_CLIENT, bogota(2026, 7, 6, 16, 30)),
    ("status", Status.IN_PROGRESS, bogota(2026, 7, 8, 9, 15)),
    ("replied", "", bogota(2026, 7, 8, 11, 0)),
    ("status", Status.ESCALATED_RD, bogota(2026, 7, 8, 15, 0)),
    ("status", Status.IN_PROGRESS, bogota(2026, 7, 14, 9, 0)),
    ("status", Status.RESOLVED, bogota(2026, 7, 14, 17, 45)),
    ("status", Status.IN_PROGRESS, bogota(2026, 7, 15, 8, 30)),  # reopened
    ("status", Status.RESOLVED, bogota(2026, 7, 16, 12, 0)),
    ("status", Status.CLOSED, bogota(2026, 7, 20, 12, 0)),
]


@pytest.mark.parametrize(
    ("make", "life"),
    [
        (lambda: soho_case(at=bogota(2026, 7, 6, 9, 0)), LIFE),  # pauses for R&D: a fix date
        (lambda: jq_case("incidencia", at=bogota(2026, 7, 6, 9, 0)), LIFE),
        (
            lambda: jq_case("incidencia", at=bogota(2026, 7, 6, 9, 0), role="user"),
            [  # parked for its USR's verification, let in, then assigned
                ("status", Status.OPEN, bogota(2026, 7, 7, 11, 0)),
                ("assigned", "", bogota(2026, 7, 7, 11, 30)),
                *LIFE,
            ],
        ),
    ],
)
def test_a_life_moved_in_memory_leaves_the_clocks_the_database_keeps(make, life):
    stored, replayed = make(), make()
    if life[0][:2] == ("status", Status.OPEN):  # parked: its clocks start when it is let in
        assert stored.status == replayed.status == Status.PENDING_VERIFICATION
        assert not stored.clocks.exists()
    memory = _in_memory(replayed)
    assert _rows(memory.clocks[replayed.pk]) == _rows(list(stored.clocks.all()))
    replayed.fix_due_on = stored.fix_due_on = dt.date(2026, 7, 10)
    moved = 0
    for what, to, at in life:
        _step(stored, None, what, to, at)
        _step(replayed, memory, what, to, at)
        kept = list(Clock.objects.filter(case=stored))
        assert _rows(memory.clocks[replayed.pk]) == _rows(kept), (what, to, at)
        assert (replayed.sla_due_at, replayed.sla_warn_at) == (
            stored.sla_due_at,
            stored.sla_warn_at,
        )
        moved += any(clock.due_at for clock in kept)
    assert moved  # the lives had running deadlines to compare
    assert Clock.objects.filter(case=replayed).count() <= len(memory.clocks[replayed.pk])
