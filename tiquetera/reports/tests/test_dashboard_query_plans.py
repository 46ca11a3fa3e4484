"""The dashboard reads the rows it counts by their own indexes on SQLite, which plans without
statistics (no ANALYZE has run on a new desk): the day's breaches by `sla_clock_breached`, the
month's survey answers by `satisfaction_created`, the open cases by `case_open_age`, never by
walking every case of the policy (issue 18: 1.2 s at 100,000 cases). The numbers themselves are
proved in test_dashboard_numbers.py, on both databases."""

import pytest
from django.db import connection

from tiquetera.reports import dashboards
from tiquetera.reports.dashboards import Month

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner"),
]


def plans(run) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement `run` makes, as run (parameters bound)."""
    statements: list[tuple[str, object]] = []

    def keep(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        run()
    found = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            found.append("\n".join(str(row[-1]) for row in cursor.fetchall()))
    return found


@pytest.fixture
def busy_desk(desk):
    for n in range(30):
        case = desk.case(status=("open", "closed", "resolved")[n % 3])
        desk.clock(case, "resolution", "running", breached_at=desk.now if n % 5 == 0 else None)
    return desk


def test_the_days_breaches_are_read_from_their_index(busy_desk):
    found = plans(lambda: dashboards.breaches_today(busy_desk.policy, busy_desk.now))

    assert len(found) == 2  # how many per metric, the latest ones
    for plan in found:
        assert "SEARCH sla_clock USING INDEX sla_clock_breached" in plan, plan
        assert "SEARCH tickets_case USING INTEGER PRIMARY KEY" in plan, plan


def test_the_months_answers_are_read_from_their_index(busy_desk):
    month = Month.holding(busy_desk.now, busy_desk.policy.time_zone)

    (plan,) = plans(lambda: dashboards.satisfaction(busy_desk.policy, month))

    assert "USING INDEX satisfaction_created" in plan, plan
    assert "policy_id=?" not in plan, plan


def test_the_open_cases_are_counted_from_their_partial_index(busy_desk):
    (plan,) = plans(lambda: dashboards.open_cases_by_age(busy_desk.policy, busy_desk.now))

    assert "USING INDEX case_open_age" in plan, plan
