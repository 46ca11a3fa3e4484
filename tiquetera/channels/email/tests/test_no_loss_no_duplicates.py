"""Each message is taken in exactly once, whatever stops the worker: stored (keyed by
Message-ID, or by a digest of its bytes) in its own transaction before it is marked seen on the
server, processed in the transaction that writes its case. A crash between the steps, a second
copy, or a kill -9 in the middle of a fetch loses and duplicates nothing."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tiquetera.channels.email.fetching import fetch_all
from tiquetera.channels.email.models import InboundEmail
from tiquetera.channels.email.services import store_message
from tiquetera.tickets.models import Case

from .messages import email


def server_copy(mailbox):
    """The bytes of the INBOX's only message as the server gives them."""
    with mailbox.connect() as box:
        (message,) = box.fetch(mark_seen=False)
        return bytes(message.obj)


@pytest.mark.django_db
def test_a_message_stored_but_not_marked_seen_before_a_crash_is_taken_once(mailbox, ana):
    mailbox.deliver(email())
    store_message(server_copy(mailbox), mailbox="before the crash")  # then the worker died
    assert mailbox.seen() == [False]

    report = fetch_all()

    assert (report.stored, report.duplicates) == (0, 1)
    assert InboundEmail.objects.get().status == "processed"
    assert Case.objects.count() == 1
    assert mailbox.seen() == [True]


@pytest.mark.django_db
def test_a_message_stored_and_seen_but_not_processed_is_processed_on_the_next_run(mailbox, ana):
    store_message(email(), mailbox="before the crash")  # stored, marked seen, then the crash

    fetch_all()

    assert InboundEmail.objects.get().status == "processed"
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_the_same_message_fetched_twice_makes_one_case(mailbox, ana):
    raw = email()
    mailbox.deliver(raw)
    mailbox.deliver(raw)  # a second copy (forwarded by a rule, delivered to two mailboxes)

    first = fetch_all()
    second = fetch_all()

    assert (first.stored, first.duplicates, second.stored) == (1, 1, 0)
    assert InboundEmail.objects.count() == Case.objects.count() == 1
    assert mailbox.seen() == [True, True]


@pytest.mark.django_db
def test_a_message_without_message_id_is_recognised_by_its_bytes(mailbox, ana):
    raw = b"".join(
        line for line in email().splitlines(keepends=True) if not line.startswith(b"Message-ID")
    )
    mailbox.deliver(raw)
    mailbox.deliver(raw)

    fetch_all()

    inbound = InboundEmail.objects.get()
    assert inbound.message_id.startswith("sha256:")
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_message_failing_three_times_stays_failed_with_its_error(
    mailbox, ana, settings, tmp_path
):
    (tmp_path / "a-file").write_text("not a folder")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"  # the attachments disk is broken
    mailbox.deliver(email(attachments=[("informe.txt", b"E-501 a las 10:00\n", "text/plain")]))

    for _run in range(5):
        fetch_all()

    inbound = InboundEmail.objects.get()
    assert (inbound.status, inbound.attempts, inbound.reason) == ("failed", 3, "error")
    assert "NotADirectoryError" in inbound.error
    assert Case.objects.count() == 0
    assert bytes(inbound.raw.content)  # kept


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{user}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.slow
def test_a_worker_killed_in_the_middle_of_a_fetch_loses_and_duplicates_nothing(
    shared_database, mailbox, ana, tmp_path
):
    count = 30
    for n in range(count):
        mailbox.deliver(email(f"Caso {n}", f"Descripción del caso {n}."))
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "IMAP_URLS": mailbox.url,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "EMAIL_URL": "consolemail://",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "tiquetera", "mail", "fetch"],
        env=environment,
        cwd=Path(__file__).parents[4],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while InboundEmail.objects.count() < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert worker.poll() is None, "the worker finished before it could be killed"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait()
    assert InboundEmail.objects.count() < count  # killed in the middle

    fetch_all()

    assert InboundEmail.objects.filter(status="processed").count() == count
    assert Case.objects.count() == count
    assert sorted(Case.objects.values_list("subject", flat=True)) == sorted(
        f"Caso {n}" for n in range(count)
    )
    assert mailbox.seen() == [True] * count
