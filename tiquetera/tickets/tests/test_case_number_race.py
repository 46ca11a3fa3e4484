"""Twenty cases numbered at once get twenty different, gap-free numbers: each thread, on its own
database connection, takes a number inside its own transaction. SQLite (a WAL file database, see
`contracts/tests/test_consume_race.py`) or PostgreSQL."""

import threading

import pytest
from django.db import connection, transaction

from tiquetera.testing.factories import PolicyFactory
from tiquetera.tickets.numbering import next_number

THREADS = 20


def numbers_taken_at_once(policy):
    barrier = threading.Barrier(THREADS)
    numbers, errors = [], []

    def take():
        try:
            barrier.wait()
            with transaction.atomic():
                numbers.append(next_number(policy.pk, 2026))
        except Exception as error:  # the test counts every failure, whatever it is
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=take) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return numbers, errors


@pytest.mark.django_db(transaction=True)
def test_twenty_first_cases_of_the_year_at_once_get_twenty_numbers(shared_database):
    policy = PolicyFactory()  # no sequence row yet: the threads race to create it

    numbers, errors = numbers_taken_at_once(policy)

    assert errors == []
    assert sorted(numbers) == [f"TQ-2026-{n:06d}" for n in range(1, THREADS + 1)]


@pytest.mark.django_db(transaction=True)
def test_twenty_cases_at_once_continue_the_sequence(shared_database):
    policy = PolicyFactory()
    next_number(policy.pk, 2026)

    numbers, errors = numbers_taken_at_once(policy)

    assert errors == []
    assert sorted(numbers) == [f"TQ-2026-{n:06d}" for n in range(2, THREADS + 2)]
