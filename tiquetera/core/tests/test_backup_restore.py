"""`tiquetera backup` then `tiquetera restore` on another desk gives back the same desk: every row
(dumpdata), the queued tasks, the attachments' bytes — and the entitlement counters still match
their cases (`check_entitlements`). Run on the database the suite runs on (SQLite, or PostgreSQL
with DATABASE_URL), each desk in its own folder (and PostgreSQL database), as an operator would:
one process per command."""

import hashlib
import json
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tiquetera.conftest import copy_migrated

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

# Cases made through the intake pipeline (consuming the plan), one with an attachment, and an
# agent's reply with another; huey is not immediate, so their notifications wait in the queue.
MAKE_CASES = """
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.articles import add_reply
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.tests.intake_world import client, request

_org, usr = client("jq-systems", plan="suscripcion-1", email=EMAIL)
step = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar "
    "situaciones comunes."
)
fields = {"application": "JQ Nómina", "module": "Liquidación"}
for n in range(CASES):
    case = submit(request(
        usr, case_type="incidencia", severity="S2", fields=fields, prerequisites_done=[step],
        subject=f"Falla {n} de " + EMAIL, received_at=None,
        attachments=[(f"log-{n}.txt", f"error {n} en {EMAIL}".encode())] if n == 0 else (),
    ))
    assert case.status == "open", case.status
agent = AgentFactory(username="agente-" + EMAIL.split("@")[0])
add_reply(case, body="Revisamos el error.", actor=agent, channel="email",
          attachments=[("captura.txt", b"captura de " + EMAIL.encode())])
"""

# What a desk holds: every row, the queue's tasks, each attachment's digest, the consumptions.
SNAPSHOT = """
import hashlib, io, json
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from huey.contrib.djhuey import HUEY
from tiquetera.contracts.models import Consumption
rows = io.StringIO()
call_command("dumpdata", "--natural-foreign", stdout=rows)
media = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "rows": sorted(json.loads(rows.getvalue()), key=lambda r: (r["model"], str(r["pk"]))),
    "queue": sorted(HUEY.storage.enqueued_items()),
    "media": {str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in sorted(media.rglob("*")) if p.is_file()},
    "consumed": Consumption.objects.count(),
}, default=repr))
"""


class Desk:
    """One installation: its folder (VAR_DIR) and database; runs `tiquetera` commands on it."""

    def __init__(self, folder: Path, database_url: str | None, secret_key: str) -> None:
        self.folder = folder
        environ = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        environ |= {
            "DJANGO_SETTINGS_MODULE": "tiquetera.settings",
            "VAR_DIR": str(folder),
            "SECRET_KEY": secret_key,
            "HUEY_IMMEDIATE": "false",  # the queue keeps what the cases queued
        }
        if database_url:
            environ["DATABASE_URL"] = database_url
        self.environ = environ

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tiquetera", *args],
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def python(self, code: str, **values: object) -> str:
        preamble = "import django; django.setup()\n" + "".join(
            f"{name} = {value!r}\n" for name, value in values.items()
        )
        done = subprocess.run(
            [sys.executable, "-c", preamble + code],
            env=self.environ,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def snapshot(self) -> dict:
        return json.loads(self.python(SNAPSHOT).strip().splitlines()[-1])


@pytest.fixture
def database_urls() -> Iterator[list[str | None]]:
    """Two empty PostgreSQL databases beside the suite's, or none (SQLite in each folder)."""
    if not ON_POSTGRES:
        yield [None, None]
        return
    base = psycopg.conninfo.conninfo_to_dict(
        os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    )
    names = [f"tq_backup_{uuid.uuid4().hex[:8]}_{n}" for n in (1, 2)]
    admin = psycopg.connect(
        **{k: v for k, v in base.items() if k != "dbname"}, dbname="postgres", autocommit=True
    )
    for name in names:
        admin.execute(f'CREATE DATABASE "{name}"')
    user = base.get("user", "postgres")
    host = base.get("host", "127.0.0.1")
    port = base.get("port", "5432")
    password = f":{base['password']}" if base.get("password") else ""
    yield [f"postgres://{user}{password}@{host}:{port}/{name}" for name in names]
    for name in names:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_a_backup_restored_on_another_desk_gives_back_the_same_desk(
    tmp_path, database_urls, migrated_sqlite
):
    key = secrets.token_urlsafe(50)
    original = Desk(tmp_path / "original", database_urls[0], key)
    other = Desk(tmp_path / "other", database_urls[1], key)
    for desk, email, cases in ((original, "ana@hotel.co", 3), (other, "luis@clinica.co", 1)):
        if ON_POSTGRES:
            migrated = desk.command("migrate", "--no-input")
            assert migrated.returncode == 0, migrated.stderr
        else:  # a migrated SQLite file, copied rather than made again
            copy_migrated(migrated_sqlite, desk.folder / "tiquetera.sqlite3")
        desk.python(MAKE_CASES, EMAIL=email, CASES=cases)
    before = original.snapshot()
    assert before["consumed"] == 3
    assert len(before["media"]) == 2 and len(before["queue"]) > 0

    backed_up = original.command("backup", str(tmp_path / "backup"))
    assert backed_up.returncode == 0, backed_up.stderr
    backup_files = _digests(tmp_path / "backup")
    assert "manifest.json" in backup_files

    restored = other.command("restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr

    after = other.snapshot()
    assert after["rows"] == before["rows"]  # the other desk's own case is gone: replaced
    assert after["queue"] == before["queue"]
    assert after["media"] == before["media"]
    assert "luis@clinica.co" not in json.dumps(after)
    checked = other.command("check_entitlements")
    assert checked.returncode == 0, checked.stderr
    assert "Todos los contadores coinciden con sus casos." in checked.stdout
    assert _digests(tmp_path / "backup") == backup_files  # restoring left the backup as it was


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    desk = Desk(tmp_path / "desk", None, secrets.token_urlsafe(50))
    (tmp_path / "empty").mkdir()
    done = desk.command("restore", str(tmp_path / "empty"))
    assert done.returncode != 0
    assert "no es una copia de seguridad de Tiquetera" in done.stderr


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    desk = Desk(tmp_path / "desk", None, secrets.token_urlsafe(50))
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("keep me")
    done = desk.command("backup", str(tmp_path / "full"))
    assert done.returncode != 0
    assert "no está vacía" in done.stderr
    assert (tmp_path / "full" / "notes.txt").read_text() == "keep me"
