"""Two workers sweeping at once breach and notify each clock once: each clock is claimed by a
conditional UPDATE, and its emails and audit event are written in the claim's transaction.
Threads on their own connections, on SQLite (a WAL file database, see
`contracts/tests/test_consume_race.py`) or PostgreSQL."""

import threading

import pytest
from django.db import connection

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401  (fixture)
from tiquetera.notifications.models import Notification
from tiquetera.sla.models import Clock
from tiquetera.sla.sweep import sweep
from tiquetera.sla.tests.test_sweep_breach import MINUTE, NOW, running_clock

CLOCKS = 6
WORKERS = 4


@pytest.mark.django_db(transaction=True)
def test_workers_sweeping_at_once_breach_and_notify_each_clock_once(shared_database, settings):  # noqa: F811
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for _ in range(CLOCKS):
        running_clock(due_at=NOW - MINUTE)
    barrier = threading.Barrier(WORKERS)
    counts, errors = [], []

    def worker():
        try:
            barrier.wait()
            counts.append(sweep(NOW))
        except Exception as error:  # the test counts every failure, whatever it is
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(c.breached for c in counts) == CLOCKS
    assert Clock.objects.filter(breached_at=NOW).count() == CLOCKS
    assert AuditEvent.objects.filter(verb="case.sla_breached").count() == CLOCKS
    # the assignee and the lead of each case
    assert Notification.objects.filter(kind="sla_breach").count() == 2 * CLOCKS
