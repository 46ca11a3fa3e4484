"""Two workers sweeping the outbox at once send each email exactly once: each row is claimed by
a conditional UPDATE. Threads on their own connections, on SQLite (a WAL file database, see
`contracts/tests/test_consume_race.py`) or PostgreSQL."""

import threading
from collections import Counter
from email.utils import make_msgid

import pytest
from django.db import connection
from django.utils import timezone

from tiquetera.notifications.models import Notification
from tiquetera.notifications.services import send_due

ROWS = 30
WORKERS = 4


@pytest.mark.django_db(transaction=True)
def test_workers_sweeping_at_once_send_each_email_once(shared_database, smtp_server):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            kind="greeting",
            to=f"client{n}@hotel.test",
            language="es",
            subject=f"Email {n}",
            text_body="Hola",
            headers={"Message-ID": make_msgid(domain="soporte.example.test")},
            next_attempt_at=now,
        )
        for n in range(ROWS)
    )
    barrier = threading.Barrier(WORKERS)
    counts, errors = [], []

    def worker():
        try:
            barrier.wait()
            counts.append(send_due(batch=ROWS))
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
    assert sum(c.sent for c in counts) == ROWS
    sent_ids = Counter(m["Message-ID"] for m in smtp_server.messages)
    assert len(sent_ids) == ROWS
    assert set(sent_ids.values()) == {1}
    assert set(Notification.objects.values_list("status", "attempts")) == {("sent", 1)}
