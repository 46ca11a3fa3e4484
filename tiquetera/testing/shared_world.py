"""Data built once for all the tests of a module that only read it.

A module whose tests each walk one route over the same world (the tenant walks: a hundred
routes) would otherwise build that world a hundred times. `shared_world` builds it once, inside
a transaction opened for the module; each test still runs in its own transaction (a savepoint
of that one, as pytest-django nests them), so what a test changes is undone after it, and the
module's transaction is rolled back at its end: nothing is left for the next module.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def shared_world(django_db_blocker: Any, build: Callable[[], Any]) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build()
        transaction.set_rollback(True)
