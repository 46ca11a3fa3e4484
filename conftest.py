"""The suite's databases, for the tests under tiquetera/ and tests/ alike (docs/testing.md)."""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

TEST_DATABASE_COPY = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup, django_db_blocker, request, tmp_path_factory
) -> Iterator[None]:
    """pytest-django's test database; on SQLite also copied to a file the moment its migrations
    have run, before any test writes to it, for `migrated_sqlite`."""
    if connection.vendor == "sqlite":
        copy = tmp_path_factory.mktemp("migrated") / "tiquetera.sqlite3"
        with django_db_blocker.unblock():
            connection.ensure_connection()
            with sqlite3.connect(copy) as target:
                connection.connection.backup(target)
            target.close()
        request.config.stash[TEST_DATABASE_COPY] = copy
    yield


@pytest.fixture(scope="session")
def migrated_sqlite(request, tmp_path_factory) -> Path:
    """A SQLite file database with every migration applied, made once per test process: a test,
    or a process it starts, that needs a real SQLite file copies it with `copy_migrated`
    (tiquetera/conftest.py) instead of migrating one of its own (a migrate costs seconds; a
    copy, milliseconds). On SQLite it is the copy of the test database `django_db_setup` made;
    on PostgreSQL a `tiquetera migrate` of a file of its own."""
    if connection.vendor == "sqlite":
        request.getfixturevalue("django_db_setup")
        return request.config.stash[TEST_DATABASE_COPY]
    var = tmp_path_factory.mktemp("migrated")
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ |= {"VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "tiquetera.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "tiquetera", "migrate", "-v0"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return var / "tiquetera.sqlite3"
