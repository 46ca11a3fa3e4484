"""The sweep is two indexed probes when nothing is due, however many clocks are running, paused
or met (DESIGN.md: breach detection is an indexed query on stored columns, never a loop)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.sla.models import Clock
from tiquetera.sla.sweep import SweepCounts, sweep
from tiquetera.sla.tests.test_sweep_breach import NOW, running_clock

pytestmark = pytest.mark.django_db

LATER = NOW + dt.timedelta(hours=2)


def clocks_not_due(count: int) -> None:
    for n in range(count):
        state = Clock.State.PAUSED if n % 3 == 0 else Clock.State.RUNNING
        running_clock(
            due_at=None if state == Clock.State.PAUSED else LATER,
            warn_at=None if state == Clock.State.PAUSED else LATER,
            state=state,
        )


@pytest.mark.parametrize("count", [1, 12])
def test_a_sweep_with_nothing_due_is_two_queries(count, django_assert_num_queries):
    clocks_not_due(count)

    with django_assert_num_queries(2):
        assert sweep(NOW) == SweepCounts()


def test_the_candidate_queries_carry_the_partial_indexes_conditions():
    with CaptureQueriesContext(connection) as queries:
        sweep(NOW)

    breach, warning = (query["sql"] for query in queries.captured_queries)
    for sql in (breach, warning):
        assert "\"state\" = 'running'" in sql
        assert "LIMIT" in sql
    assert '"breached_at" IS NULL' in breach and '"due_at" <=' in breach
    assert '"warned_at" IS NULL' in warning and '"warn_at" <=' in warning


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan format")
def test_the_candidate_queries_use_the_partial_indexes():
    clocks_not_due(3)
    with CaptureQueriesContext(connection) as queries:
        sweep(NOW)

    plans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    assert "sla_clock_breach_due" in plans[0]
    assert "sla_clock_warn_due" in plans[1]
