"""Each queue row says where its case stands against the SLA (on time, at risk, breached,
paused, no deadline) from the columns stored on the case, and the "warning" filter lists the
cases at risk (issue 5)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tiquetera.desk.queue import ClockState, QueueFilters, clock_state, queue_page
from tiquetera.sla.services import start_clocks
from tiquetera.sla.tests.sla_world import bogota, soho_case
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 7, 14, 15, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def case(**values) -> Case:
    values.setdefault("status", "open")
    return CaseFactory(**values)


@pytest.mark.parametrize(
    ("values", "state"),
    [
        ({"sla_due_at": NOW + 2 * HOUR, "sla_warn_at": NOW + HOUR}, ClockState.ON_TIME),
        ({"sla_due_at": NOW + HOUR, "sla_warn_at": NOW - HOUR}, ClockState.WARNING),
        ({"sla_due_at": NOW - HOUR, "sla_warn_at": NOW - 2 * HOUR}, ClockState.BREACHED),
        ({"sla_due_at": NOW + HOUR, "sla_breached": True}, ClockState.BREACHED),
        ({"status": "waiting_on_client"}, ClockState.PAUSED),
        ({}, ClockState.NONE),
    ],
)
def test_the_state_is_read_from_the_stored_columns(values, state):
    assert clock_state(case(**values), NOW) == state


def test_each_row_of_a_page_carries_its_state_with_no_extra_query(agent):
    case(sla_due_at=NOW + HOUR, sla_warn_at=NOW - HOUR)
    case(sla_due_at=NOW + 2 * HOUR, sla_warn_at=NOW + HOUR)
    case(sla_breached=True, sla_due_at=NOW - HOUR)

    with CaptureQueriesContext(connection) as queries:
        page = queue_page(agent, filters=QueueFilters(), now=NOW)
        states = [row.sla_state for row in page.rows]

    assert len(queries.captured_queries) == 1
    assert sorted(states) == sorted([ClockState.WARNING, ClockState.ON_TIME, ClockState.BREACHED])


def test_the_warning_filter_lists_the_cases_at_risk_not_yet_breached(agent):
    at_risk = case(sla_due_at=NOW + HOUR, sla_warn_at=NOW - HOUR)
    case(sla_due_at=NOW + 2 * HOUR, sla_warn_at=NOW + HOUR)  # on time
    case(sla_due_at=NOW - HOUR, sla_warn_at=NOW - 2 * HOUR)  # past due
    case(sla_due_at=NOW + HOUR, sla_warn_at=NOW - HOUR, sla_breached=True)
    case()  # no deadline

    page = queue_page(agent, filters=QueueFilters(warning=True), now=NOW)

    assert [c.number for c in page.cases] == [at_risk.number]
    assert QueueFilters.parse({"warning": "1"}) == QueueFilters(warning=True)


def test_clocks_store_the_cases_next_warning_time():
    """Seed 004 (Soho Apps): "La primera respuesta al ticket, se dará en un plazo máximo de 3
    (TRES) horas" — warned at 80 % of it, 2h24m after a Friday 16:00 case (Monday 08:24)."""
    soho = soho_case(at=bogota(2026, 7, 24, 16, 0))

    assert soho.sla_warn_at == bogota(2026, 7, 27, 8, 24)
    start_clocks(soho, at=bogota(2026, 7, 24, 16, 0))  # nothing new: the same times stay
    soho.refresh_from_db()
    assert soho.sla_warn_at == bogota(2026, 7, 27, 8, 24)
    assert clock_state(soho, bogota(2026, 7, 27, 8, 30)) == ClockState.WARNING
