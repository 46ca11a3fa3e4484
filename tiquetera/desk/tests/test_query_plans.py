"""The desk's hot queries read indexes on SQLite too (issue 18): the queue walks its partial
index `case_queue_order` (`case_waiting_order` for the cases waiting on the client) instead of
sorting every case it has to act on, and a case page finds its related cases by four indexed
lookups instead of reading the whole table. Checked with SQLite's EXPLAIN QUERY PLAN after
ANALYZE, where the planner chose the slow plans (PostgreSQL plans these from its own
statistics: the tests of the queue's order and of the case page prove the same results there).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.desk.case_blocks import _related
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


def test_related_cases_are_found_by_index_not_by_reading_every_case(cases):
    case = cases[0]
    case.parent, case.split_from, case.duplicate_of = cases[1], cases[2], cases[3]
    case.save()
    cases[4].parent = case
    cases[4].save()

    plan = last_query_plan(lambda: _related(case))
    found = {(other.case.pk, other.relation) for other in _related(case)}

    assert "SCAN tickets_case" not in plan, plan
    assert found == {
        (cases[1].pk, "parent"),
        (cases[2].pk, "split_from"),
        (cases[3].pk, "duplicate_of"),
        (cases[4].pk, "child"),
    }
