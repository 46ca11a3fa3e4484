"""Backup and restore of a whole desk: the database, the task queue and the attachments.

A backup is a folder:
- `database.sqlite3` (SQLite, copied with its online backup API: consistent while the desk runs)
  or `database.dump` (PostgreSQL, `pg_dump --format=custom`);
- `queue.sqlite3`, the huey queue when it lives in SQLite (with Redis the queue is Redis's to keep);
- `media/`, a copy of MEDIA_ROOT (the attachments);
- `manifest.json`, what the folder holds and from which database engine.

Restoring replaces the database, the queue and the attachments with the backup's. Stop the web
processes and the worker first (docs/deployment.md, "Backup and restore").
"""

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from tiquetera.core.errors import DomainError

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
QUEUE_FILE = "queue.sqlite3"
MEDIA_DIR = "media"


class BackupError(DomainError):
    messages = {
        "not_empty": _("%(folder)s is not empty: back up into a new folder."),
        "not_a_backup": _("%(folder)s is not a Tiquetera backup (no readable manifest.json)."),
        "wrong_engine": _("This backup is of a %(backup)s database; this desk runs on %(here)s."),
        "tool_failed": _("%(tool)s failed: %(error)s"),
    }


@dataclass(frozen=True)
class BackupResult:
    folder: Path
    files: list[str]


def back_up(dest: Path) -> BackupResult:
    """Write a backup of the desk into the new or empty folder `dest`."""
    if dest.exists() and any(dest.iterdir()):
        raise BackupError("not_empty", folder=dest)
    dest.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    files: list[str] = []
    if engine == "sqlite":
        _sqlite_copy(Path(_database()["NAME"]), dest / SQLITE_FILE)
        files.append(SQLITE_FILE)
    else:
        _run(["pg_dump", "--format=custom", "--file", str(dest / PG_FILE), *_pg_target()])
        files.append(PG_FILE)
    if queue := _queue_file():
        _sqlite_copy(queue, dest / QUEUE_FILE)
        files.append(QUEUE_FILE)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, dest / MEDIA_DIR)
    else:
        (dest / MEDIA_DIR).mkdir()
    files.append(MEDIA_DIR + "/")
    manifest = {
        "engine": engine,
        "created_at": timezone.now().isoformat(),
        "files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return BackupResult(folder=dest, files=files)


def restore(src: Path) -> BackupResult:
    """Replace this desk's database, queue and attachments with the backup in `src`."""
    manifest = _manifest(src)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError("wrong_engine", backup=manifest["engine"], here=engine)
    connections.close_all()  # nothing of ours holds the database while it is replaced
    if engine == "sqlite":
        _sqlite_copy(src / SQLITE_FILE, Path(_database()["NAME"]))
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_target(),
                str(src / PG_FILE),
            ]
        )
    if (queue := _queue_file()) and (src / QUEUE_FILE).exists():
        _sqlite_copy(src / QUEUE_FILE, queue)
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.rmtree(media)
    shutil.copytree(src / MEDIA_DIR, media)
    return BackupResult(folder=src, files=list(manifest["files"]))


def _manifest(src: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError("not_a_backup", folder=src) from error
    return manifest


def _database() -> dict[str, Any]:
    database: dict[str, Any] = settings.DATABASES["default"]
    return database


def _engine() -> str:
    return "sqlite" if _database()["ENGINE"].endswith("sqlite3") else "postgresql"


def _queue_file() -> Path | None:
    """The huey queue's SQLite file; None when the queue is in Redis."""
    storage = HUEY.storage
    return Path(storage.filename) if isinstance(storage, SqliteStorage) else None


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database onto another, page by page, consistent while writers write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _pg_target() -> list[str]:
    database = _database()
    args = ["--dbname", str(database["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            args += [option, str(database[key])]
    return args


def _run(command: list[str]) -> None:
    environ = dict(os.environ)
    if password := _database().get("PASSWORD"):
        environ["PGPASSWORD"] = str(password)
    done = subprocess.run(command, env=environ, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError("tool_failed", tool=command[0], error=done.stderr.strip())
