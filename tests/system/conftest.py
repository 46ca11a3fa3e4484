"""The multi-process system test's world: PostgreSQL (the test database, which every process
reaches), a private Redis, Dovecot and an aiosmtpd server, two web instances and two huey
consumers. Skipped, saying why, where one of them cannot run; `make test` leaves it out
(`-m "not system"` in pyproject.toml) and `.ci/run` runs it on its own:
`pytest -m system tests/system`."""

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from tiquetera.channels.email.tests.dovecot import Dovecot
from tiquetera.channels.email.tests.dovecot import binary as dovecot_binary
from tiquetera.testing.smtp import smtp_server  # noqa: F401  (fixture)

from .processes import Consumer, Redis, Web, redis_binary


@pytest.fixture
def postgresql(transactional_db) -> None:
    """The test database, reachable by other processes; and the programs the test starts. A
    missing one skips the test, except in CI (CI=true), where .ci/run has installed them all."""
    if connection.vendor != "postgresql":
        pytest.skip("the system test runs on PostgreSQL: set DATABASE_URL=postgres://…")
    programs = {
        "redis-server": redis_binary(),
        "dovecot": dovecot_binary(),
        "gunicorn": shutil.which("gunicorn", path=str(Path(sys.executable).parent)),
    }
    for name, found in programs.items():
        if found is None:
            missing = f"{name} is not installed (.ci/run installs it)"
            if os.environ.get("CI"):
                pytest.fail(missing)
            pytest.skip(missing)


@pytest.fixture
def redis(postgresql) -> Iterator[Redis]:
    server = Redis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap(postgresql) -> Iterator[Dovecot]:
    server = Dovecot()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def database_url() -> str:
    db = connection.settings_dict
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Desk:
    """The running desk: `webs`, `consumers`, and where their output goes (`logs`)."""

    def __init__(self, environment: dict[str, str], logs: Path) -> None:
        self.environment, self.logs = environment, logs
        self.webs = [Web(environment, logs / f"web-{n}.log") for n in (1, 2)]
        self.consumers = [Consumer(environment, logs / f"consumer-{n}.log") for n in (1, 2)]

    def start(self) -> None:
        for process in [*self.webs, *self.consumers]:
            process.start()

    def stop(self) -> None:
        for process in [*self.webs, *self.consumers]:
            process.stop()

    def log_tail(self, characters: int = 4000) -> str:
        """The end of each process's output, for a failure's report."""
        return "".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-characters:]}\n"
            for path in sorted(self.logs.glob("*.log"))
        )


@pytest.fixture
def desk_environment(postgresql, redis, imap, smtp_server, settings, tmp_path):  # noqa: F811
    """What every process of the desk is started with: production settings (DEBUG off, the
    queue on Redis) on the test database, mail through the test's SMTP and IMAP servers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEFAULT_FROM_EMAIL = "Soporte <soporte@desk.test>"
    settings.EMAIL_DOMAIN = "desk.test"
    return {
        **os.environ,
        "DEBUG": "false",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis.url,
        "HUEY_IMMEDIATE": "false",
        "HUEY_WORKERS": "2",
        "EMAIL_URL": f"smtp://{smtp_server.host}:{smtp_server.port}",
        "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "EMAIL_DOMAIN": settings.EMAIL_DOMAIN,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECURE_COOKIES": "false",
        "STATIC_MANIFEST": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONUNBUFFERED": "1",
    }
