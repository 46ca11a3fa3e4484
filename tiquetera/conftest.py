import importlib
import sqlite3
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from hypothesis import settings as hypothesis_settings

from tiquetera.testing.factories import AgentFactory, UserFactory

# Property tests judge results, not speed: a loaded CI machine must not fail them on Hypothesis's
# default 200 ms deadline per example (speed is measured by `make bench`).
hypothesis_settings.register_profile("tiquetera", deadline=None)
hypothesis_settings.load_profile("tiquetera")


@pytest.fixture
def agent(db):
    return AgentFactory(username="agente")


@pytest.fixture
def agent_client(agent) -> Client:
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def outsider_client(db) -> Client:
    """A signed-in user who is not an agent (a client's contact, later)."""
    client = Client()
    client.force_login(UserFactory(username="cliente"))
    return client


@pytest.fixture(autouse=True)
def _audit_log_flushable_on_sqlite(request):
    """A transactional test ends with a flush (DELETE FROM every table), which SQLite's
    append-only triggers on the audit log refuse; PostgreSQL's flush is a TRUNCATE, which row
    triggers let through. So on SQLite this lifts the triggers just to empty the log, between
    the test and the flush. Tests that roll back (the default) never need it."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(
        marker and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so its flush comes after this
    yield
    if connection.vendor == "sqlite":
        triggers = importlib.import_module("tiquetera.audit.migrations.0001_initial")
        with connection.cursor() as cursor:
            for sql in [*triggers.SQLITE_DROP, "DELETE FROM audit_auditevent"]:
                cursor.execute(sql)
            for sql in triggers.SQLITE_CREATE:
                cursor.execute(sql)


def copy_migrated(template: Path, destination: Path) -> Path:
    """A consistent copy of the migrated file database (SQLite's online backup)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(template) as source, sqlite3.connect(destination) as target:
        source.backup(target)
    source.close()
    target.close()
    return destination
