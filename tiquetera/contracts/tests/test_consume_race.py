"""Two cases never take the last ticket twice (seeds/README.md: "Consumption is atomic"; seed 001,
CustomSoft's Intermedia): 40 threads, each on its own database connection, consume at once for an
organization with 3 tickets left — exactly 3 are covered, the other 37 become billable, none
fails, none is lost. Runs on whichever database the suite runs on (SQLite or PostgreSQL).

SQLite: pytest-django's SQLite test database lives in memory, in a shared cache that uses table
locks (no WAL, no busy timeout) — not the database production runs. So on SQLite this module's
`shared_database` fixture points the default connection settings, which every thread's new
connection reads, at a copy of a migrated file database in `tmp_path` for the test's duration,
then puts the in-memory one back. On PostgreSQL the test database is already shared by every
connection.
"""

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from tiquetera.conftest import copy_migrated
from tiquetera.contracts.models import Consumption, Plan
from tiquetera.contracts.selectors import entitlement_mismatches
from tiquetera.contracts.services import consume, start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

THREADS = 40
Outcome = Consumption.Outcome


@pytest.fixture
def shared_database(request, transactional_db, tmp_path):
    """A database every thread's connection reaches: a WAL file database on SQLite."""
    if connection.vendor != "sqlite":
        yield
        return
    template = request.getfixturevalue("migrated_sqlite")
    settings_dict = connection.settings_dict  # the dict new connections, in any thread, read
    memory_name, memory_connection = settings_dict["NAME"], connection.connection
    connection.connection = None  # Django never closes an in-memory database: set it aside
    settings_dict["NAME"] = str(copy_migrated(template, tmp_path / "race.sqlite3"))
    try:
        yield
    finally:
        connection.close()
        settings_dict["NAME"] = memory_name
        connection.connection = memory_connection


def organization_with_three_tickets_left(when_exhausted):
    """Intermedia: 11 of its 14 events used (P2 5, P3 4, P1 2), so P1 has 4 left but the total 3."""
    plan = IntermediaPlanFactory(when_exhausted=when_exhausted)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    for priority, count in {"P2": 5, "P3": 4, "P1": 2}.items():
        for n in range(count):
            result = consume(organization, priority, reference=f"old-{priority}-{n}", at=at(JULY_1))
            assert result.covered
    return organization


def consume_at_once(organization):
    barrier = threading.Barrier(THREADS)
    outcomes, errors = [], []

    def case(n):
        try:
            barrier.wait()
            result = consume(organization, "P1", reference=f"race-{n}", at=at(JULY_1, 11))
            outcomes.append(result.outcome)
        except Exception as error:  # the test counts every failure, whatever it is
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=case, args=(n,)) for n in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Counter(outcomes), errors, time.perf_counter() - started


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("when_exhausted", "billable"),
    [
        (Plan.WhenExhausted.EXTRA_TICKET, Outcome.EXTRA),
        (Plan.WhenExhausted.PER_EVENT_PO, Outcome.AWAITING_PURCHASE_ORDER),
    ],
)
def test_forty_cases_at_once_take_exactly_the_three_tickets_left(
    shared_database, when_exhausted, billable
):
    organization = organization_with_three_tickets_left(when_exhausted)

    outcomes, errors, seconds = consume_at_once(organization)

    print(f"{THREADS} concurrent consumes on {connection.vendor}: {seconds:.2f} s")
    assert errors == []
    assert outcomes == {Outcome.COVERED: 3, billable: 37}
    assert Consumption.objects.filter(reference__startswith="race-").count() == THREADS
    period = organization.contracts.get().periods.get()
    assert (period.total_cap, period.total_used) == (14, 14)
    # the 37 P1 tickets taken before the total said no were all given back
    assert period.counters.get(priority="P1").used == 5
    assert entitlement_mismatches() == []
