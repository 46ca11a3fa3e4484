"""The one settings module reads everything from environment variables."""

import json
import os
import socket
import subprocess
import sys

import pytest


def _settings(tmp_path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environ |= {"DJANGO_SETTINGS_MODULE": "tiquetera.settings", "VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-c", "import django, json; django.setup();" + code],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_local_install_keeps_its_generated_secret_key_in_var_with_debug_off(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _settings(tmp_path, code, DEBUG="false")
    second = _settings(tmp_path, code, DEBUG="false")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip() == (tmp_path / "secret_key").read_text()


def test_secret_key_is_required_when_several_machines_share_redis(tmp_path):
    done = _settings(tmp_path, "print(1)", DEBUG="false", REDIS_URL="redis://127.0.0.1:6379/15")
    assert done.returncode != 0
    assert "SECRET_KEY must be set when REDIS_URL is set" in done.stderr
    assert not (tmp_path / "secret_key").exists()


def test_debug_generates_a_secret_key_into_var_once(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = _settings(tmp_path, code, DEBUG="true")
    second = _settings(tmp_path, code, DEBUG="true")
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) >= 50
    assert first.stdout.strip() == second.stdout.strip() == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_default_database_is_sqlite_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection;"
        "c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        "print(json.dumps([connection.vendor, c.fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'],"
        " str(connection.settings_dict['NAME'])]))"
    )
    done = _settings(tmp_path, code, SECRET_KEY="x")
    assert done.returncode == 0, done.stderr
    vendor, journal, mode, name = json.loads(done.stdout)
    assert (vendor, journal, mode) == ("sqlite", "wal", "IMMEDIATE")
    assert name == str(tmp_path / "tiquetera.sqlite3")


def test_a_web_process_keeps_its_sqlite_connection_between_requests(tmp_path):
    """Opening one per request cost ~3 ms of CPU and a WAL checkpoint (bench/README.md)."""
    code = """
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.backends.signals import connection_created
opened = []
connection_created.connect(lambda **kwargs: opened.append(1), weak=False)
for _ in range(3):
    request_started.send(None)
    connection.cursor().execute("SELECT 1")
    request_finished.send(None)
print(len(opened))
"""
    kept = _settings(tmp_path, code, SECRET_KEY="x")
    each_request = _settings(tmp_path, code, SECRET_KEY="x", CONN_MAX_AGE="0")
    assert kept.returncode == 0, kept.stderr
    assert (int(kept.stdout), int(each_request.stdout)) == (1, 3)


def test_without_redis_the_queue_is_huey_on_sqlite_and_the_cache_is_local(tmp_path):
    code = (
        "from huey.contrib.djhuey import HUEY; from django.conf import settings;"
        "print(json.dumps([type(HUEY).__name__, HUEY.immediate,"
        " settings.CACHES['default']['BACKEND'], settings.TIME_ZONE, settings.LANGUAGE_CODE]))"
    )
    done = _settings(tmp_path, code, SECRET_KEY="x", HUEY_IMMEDIATE="false")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "SqliteHuey",
        False,
        "django.core.cache.backends.locmem.LocMemCache",
        "America/Bogota",
        "es",
    ]


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up() and not os.environ.get("CI"), reason="no Redis on :6379")
def test_redis_url_puts_queue_and_cache_on_redis(tmp_path):
    code = (
        "from huey.contrib.djhuey import HUEY; from django.core.cache import cache;"
        "cache.set('tiquetera-test', 'ok', 5);"
        "print(json.dumps([type(HUEY).__name__, HUEY.storage.queue_size() >= 0,"
        " cache.get('tiquetera-test')]))"
    )
    done = _settings(tmp_path, code, SECRET_KEY="x", REDIS_URL="redis://127.0.0.1:6379/15")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["RedisHuey", True, "ok"]


def test_email_url_configures_smtp(tmp_path):
    code = (
        "from django.conf import settings;"
        "print(json.dumps([settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT]))"
    )
    done = _settings(tmp_path, code, SECRET_KEY="x", EMAIL_URL="smtp://mail.example.test:2525")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.test",
        2525,
    ]
