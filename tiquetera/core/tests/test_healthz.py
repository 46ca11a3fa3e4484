import json
import os
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_queue_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "queue": "ok"}}


def _healthz_in_subprocess(tmp_path, **env: str) -> tuple[int, dict]:
    """Ask /healthz from a fresh process configured by environment variables alone."""
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    environ = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},  # SQLite in tmp_path
        "DJANGO_SETTINGS_MODULE": "tiquetera.settings",
        "VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        "HUEY_IMMEDIATE": "false",  # immediate mode keeps the queue in memory
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    status, body = json.loads(done.stdout.strip().splitlines()[-1])
    return status, body


def test_healthz_is_503_when_the_queue_is_unreachable(tmp_path):
    status, body = _healthz_in_subprocess(tmp_path, REDIS_URL="redis://127.0.0.1:1/0")
    assert status == 503
    assert body["checks"]["queue"].startswith("error: ")
    assert body["checks"]["database"] == "ok"


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    status, body = _healthz_in_subprocess(
        tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing"
    )
    assert status == 503
    assert body["checks"]["database"].startswith("error: ")
