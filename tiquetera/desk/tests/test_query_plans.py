"""The desk's hot queries read indexes on SQLite too (issue 18): the queue walks its partial
index `case_queue_order` (`case_waiting_order` for the cases waiting on the client) for the
page's ids instead of sorting every case it has to act on, then reads those rows alone; its tab
counts read the partial index `case_tab_counts` alone; and a case page finds its related cases
by four indexed lookups instead of reading the whole table. Checked with SQLite's EXPLAIN QUERY
PLAN after ANALYZE, where the planner chose the slow plans (PostgreSQL plans these from its own
statistics: the tests of the queue's order and of the case page prove the same results there).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.desk.case_blocks import _related
from tiquetera.desk.queue import QueueFilters, queue_page
from tiquetera.desk.queue_tabs import tab_counts
from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner"),
]


def query_plans(run) -> list[list[tuple[int, int, str]]]:
    """The plan of each statement `run` makes: (node, parent node, what it does) rows."""
    with CaptureQueriesContext(connection) as captured:
        run()
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for query in captured.captured_queries:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plans.append([(row[0], row[1], str(row[-1])) for row in cursor.fetchall()])
    return plans


def query_plan(run) -> list[tuple[int, int, str]]:
    """The plan of the last statement `run` makes."""
    return query_plans(run)[-1]


def last_query_plan(run) -> str:
    return "\n".join(detail for _, _, detail in query_plan(run))


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
    plan = query_plan(lambda: queue_page(agent, filters=filters))
    subquery = next(node for node, _, detail in plan if detail.startswith("LIST SUBQUERY"))
    page_ids = "\n".join(detail for _, parent, detail in plan if parent == subquery)

    # the page's ids in the index's order (SQLite sorts each group's few index entries by the
    # deadline, NULLs last), then those rows alone: never a scan or a sort of the cases
    assert f"SCAN U0 USING INDEX {index}" in page_ids, plan
    assert "FOR ORDER BY" not in page_ids.replace("FOR RIGHT PART OF ORDER BY", ""), plan
    assert not any("SCAN tickets_case" in detail for _, _, detail in plan), plan


def test_the_tab_counts_read_their_partial_index_alone(agent, cases):
    plan = last_query_plan(lambda: tab_counts(agent))

    assert "USING COVERING INDEX case_tab_counts" in plan, plan
    assert "TEMP B-TREE" not in plan, plan  # grouped in the index's order, as it is read


def test_related_cases_are_found_by_index_not_by_reading_every_case(cases):
    case = cases[0]
    case.parent, case.split_from, case.duplicate_of = cases[1], cases[2], cases[3]
    case.save()
    cases[4].parent = case
    cases[4].save()

    plans = query_plans(lambda: _related(case))  # one statement: the links either way
    found = {(other.case.pk, other.relation) for other in _related(case)}

    assert len(plans) == 1
    assert not any("SCAN tickets_case" in detail for _, _, detail in plans[0]), plans[0]
    assert found == {
        (cases[1].pk, "parent"),
        (cases[2].pk, "split_from"),
        (cases[3].pk, "duplicate_of"),
        (cases[4].pk, "child"),
    }
