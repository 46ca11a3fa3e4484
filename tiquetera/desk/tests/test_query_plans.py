"""The desk's hot queries read indexes on SQLite too (issue 18): the queue walks its partial
index `case_queue_order` (`case_waiting_order` for the cases waiting on the client) instead of
sorting every case it has to act on. Checked with SQLite's EXPLAIN QUERY PLAN after
ANALYZE, where the planner chose the slow plans (PostgreSQL plans these from its own
statistics: the tests of the queue's order prove the same results there).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.desk.queue import QueueFilters, queue_page
from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner"),
]


def last_query_plan(run) -> str:
    with CaptureQueriesContext(connection) as captured:
        run()
    sql = captured.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.fixture
def cases():
    organizations = [OrganizationFactory() for _ in range(3)]
    made = []
    for n in range(60):
        status = ("open", "closed", "waiting_on_client", "resolved")[n % 4]
        made.append(CaseFactory(organization=organizations[n % 3], status=status))
    return made


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        (QueueFilters(), "case_queue_order"),
        (QueueFilters(waiting_on_client=True), "case_waiting_order"),
    ],
)
def test_the_queue_walks_its_partial_index(agent, cases, filters, index):
    plan = last_query_plan(lambda: queue_page(agent, filters=filters))

    assert f"SCAN tickets_case USING INDEX {index}" in plan, plan
    assert "FOR ORDER BY" not in plan.replace("FOR RIGHT PART OF ORDER BY", ""), plan
