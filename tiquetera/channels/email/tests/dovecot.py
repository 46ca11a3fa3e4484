"""A real IMAP server for the email tests: a private Dovecot on 127.0.0.1, on a free port, with
its own configuration, users and mail in a temporary folder (see ../shared/testing/README.md).

One server per test session; each test gets a mailbox of its own (`Dovecot.new_mailbox`), so
tests never see each other's mail. Without the `dovecot` binary (Debian: dovecot-imapd) the
tests that need it are skipped, saying so."""

import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from imap_tools import MailBoxUnencrypted

CONFIG = Path(__file__).with_name("dovecot.conf.in")
PASSWORD = "a-test-password"
USERS = 500


@dataclass(frozen=True)
class TestMailbox:
    user: str
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"imap://{self.user.replace('@', '%40')}:{PASSWORD}@{self.host}:{self.port}/INBOX"

    def deliver(self, raw: bytes) -> None:
        """Put one message in the INBOX, unseen, as a mail server's delivery would."""
        with self.connect() as box:
            box.append(raw, "INBOX", flag_set=[])

    def seen(self) -> list[bool]:
        """For each message in the INBOX, in order, whether it is marked \\Seen."""
        with self.connect() as box:
            return ["\\Seen" in m.flags for m in box.fetch(mark_seen=False, headers_only=True)]

    def connect(self) -> MailBoxUnencrypted:
        return MailBoxUnencrypted(self.host, port=self.port, timeout=10).login(self.user, PASSWORD)


class Dovecot:
    host = "127.0.0.1"

    def __init__(self) -> None:
        # Its own folder in /tmp, not pytest's: Dovecot's users must be able to walk into it.
        self.root = Path(tempfile.mkdtemp(prefix="tq-dovecot-"))
        self.root.chmod(0o755)
        self.port = _free_port()
        self._names = itertools.count(1)

    def start(self) -> None:
        (self.root / "mail").mkdir(mode=0o1777)
        (self.root / "mail").chmod(0o1777)  # mail is written as nobody
        (self.root / "run").mkdir()
        (self.root / "state").mkdir()
        # Every user written now: Dovecot notices a changed users file only a second later.
        users = "".join(f"{_user(n)}:{{PLAIN}}{PASSWORD}\n" for n in range(1, USERS + 1))
        (self.root / "users").write_text(users)
        config = CONFIG.read_text().replace("@ROOT@", str(self.root))
        (self.root / "dovecot.conf").write_text(config.replace("@PORT@", str(self.port)))
        command = [binary() or "dovecot", "-c", str(self.root / "dovecot.conf")]
        subprocess.run(command, check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex((self.host, self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"Dovecot did not listen on {self.port}: see {self.root}/dovecot.log")

    def stop(self) -> None:
        pid_file = self.root / "run" / "master.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        shutil.rmtree(self.root, ignore_errors=True)

    def new_mailbox(self) -> TestMailbox:
        """A user of its own, with an empty INBOX."""
        number = next(self._names)
        if number > USERS:
            raise RuntimeError(f"more than {USERS} mailboxes in one test session")
        return TestMailbox(user=_user(number), host=self.host, port=self.port)


def _user(number: int) -> str:
    return f"soporte{number}@example.test"


def binary() -> str | None:
    return shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
