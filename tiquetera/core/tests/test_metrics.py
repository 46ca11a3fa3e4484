"""GET /metrics: Prometheus' text, for the bearer of METRICS_TOKEN only, with the desk's state read
from the database at the scrape — intakes per channel, outbox and WhatsApp backlogs, email fetch
lag, the SLA sweep, clocks due, database and queue health — and the requests served."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from tiquetera.channels.whatsapp.models import OutboundMessage
from tiquetera.conftest import copy_migrated
from tiquetera.core.jobruns import recorded_run
from tiquetera.core.models import JobRun
from tiquetera.notifications.models import Notification
from tiquetera.sla.models import Clock
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case, RawPayload
from tiquetera.tickets.tests.intake_world import client, request

pytestmark = pytest.mark.django_db

TOKEN = "un-token-largo-de-prometheus"
MAILBOX = "imap://soporte%40example.com:clave@127.0.0.1:10143/INBOX"
JQ_STEP = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)


def scrape(token: str = TOKEN) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = Client().get("/metrics", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def jq_case(contact, **values) -> Case:
    return submit(
        request(
            contact,
            case_type="incidencia",
            severity="S2",
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=[JQ_STEP],
            received_at=None,
            **values,
        )
    )


@override_settings(METRICS_TOKEN=TOKEN)
@pytest.mark.parametrize("header", ["", "Bearer otro-token", f"Basic {TOKEN}", TOKEN])
def test_without_the_token_the_metrics_are_refused(header):
    response = Client().get("/metrics", headers={"authorization": header} if header else {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"tiquetera_" not in response.content


@override_settings(METRICS_TOKEN="")
def test_without_a_configured_token_there_is_no_endpoint():
    assert Client().get("/metrics", headers={"authorization": "Bearer "}).status_code == 404


@override_settings(METRICS_TOKEN=TOKEN, IMAP_URLS=[MAILBOX])
def test_the_scrape_reads_the_desks_state_from_the_database():
    _org, usr = client("jq-systems", plan="suscripcion-1")
    accepted = [jq_case(usr, subject=f"Falla {n}") for n in range(2)]
    emailed = jq_case(usr, channel="email", subject="Por correo")
    refused = submit(request(usr, subject="Sin datos", case_type="incidencia", received_at=None))
    RawPayload.objects.create(channel="whatsapp", content=b"{", error="JSON roto")
    assert {c.intake for c in accepted} == {"accepted"}
    assert refused.intake == "refused"  # JQ takes cases only complete, and not by email
    assert emailed.intake == "refused"

    pending = Notification.objects.filter(status=Notification.Status.PENDING)
    pending_count = pending.count()
    assert pending_count > 0  # the intakes' emails, not sent inside a test's transaction
    hour_ago = timezone.now() - dt.timedelta(hours=1)
    oldest = pending.order_by("created_at").first()
    Notification.objects.filter(pk=oldest.pk).update(created_at=hour_ago)
    OutboundMessage.objects.create(
        to="+573101234567", text="Hola", next_attempt_at=timezone.now(), status="queued"
    )
    # one clock is an hour past due and the sweep has not marked it
    clock = Clock.objects.filter(case=accepted[0], state=Clock.State.RUNNING).first()
    Clock.objects.filter(pk=clock.pk).update(due_at=hour_ago, breached_at=None)
    with recorded_run("sla_sweep"):
        pass
    JobRun.objects.filter(name="sla_sweep").update(
        duration_seconds=1.5, finished_at=timezone.now() - dt.timedelta(seconds=90)
    )
    with recorded_run("email_fetch:soporte@example.com 127.0.0.1:10143/INBOX"):
        pass
    JobRun.objects.filter(name__startswith="email_fetch:").update(
        succeeded_at=timezone.now() - dt.timedelta(minutes=5)
    )

    m = scrape()

    intake = "tiquetera_intake_cases_total"
    assert m[(intake, (("channel", "portal"), ("outcome", "accepted")))] == 2
    assert m[(intake, (("channel", "email"), ("outcome", emailed.intake)))] == 1
    assert m[(intake, (("channel", "portal"), ("outcome", refused.intake)))] == 1
    assert m[("tiquetera_intake_failed_payloads_total", (("channel", "whatsapp"),))] == 1
    assert m[("tiquetera_outbox_emails", (("status", "pending"),))] == pending_count
    assert 3590 <= m[("tiquetera_outbox_oldest_pending_age_seconds", ())] <= 3700
    assert m[("tiquetera_whatsapp_outbound_messages", (("status", "queued"),))] == 1
    mailbox = (("mailbox", "soporte@example.com 127.0.0.1:10143/INBOX"),)
    assert 295 <= m[("tiquetera_email_fetch_age_seconds", mailbox)] <= 400
    assert m[("tiquetera_sla_sweep_duration_seconds", ())] == 1.5
    assert 85 <= m[("tiquetera_sla_sweep_age_seconds", ())] <= 200
    assert m[("tiquetera_sla_clocks_due", (("kind", "breach"),))] == 1
    assert 3590 <= m[("tiquetera_sla_sweep_lag_seconds", ())] <= 3700
    assert m[("tiquetera_database_up", ())] == 1
    assert m[("tiquetera_queue_up", ())] == 1
    assert ("tiquetera_queue_pending_tasks", ()) in m


@override_settings(METRICS_TOKEN=TOKEN, IMAP_URLS=[MAILBOX])
def test_a_mailbox_never_read_and_a_sweep_never_run_show_as_infinitely_late():
    m = scrape()
    mailbox = (("mailbox", "soporte@example.com 127.0.0.1:10143/INBOX"),)
    assert m[("tiquetera_email_fetch_age_seconds", mailbox)] == float("inf")
    assert m[("tiquetera_sla_sweep_age_seconds", ())] == float("inf")
    assert m[("tiquetera_sla_sweep_lag_seconds", ())] == 0


@override_settings(METRICS_TOKEN=TOKEN)
def test_requests_are_counted_by_method_and_status_class():
    before = scrape()
    web = Client()
    web.get("/healthz")
    web.get("/no-such-page/")
    web.post("/healthz")  # 405
    after = scrape()

    def grew(status: str, method: str) -> float:
        key = ("tiquetera_http_requests_total", (("method", method), ("status", status)))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("2xx", "GET") == 2  # /healthz and the first scrape itself
    assert grew("4xx", "GET") == 1
    assert grew("4xx", "POST") == 1
    count = "tiquetera_http_request_duration_seconds_count"
    assert after[(count, ())] - before[(count, ())] == 4


def _scrape_in_subprocess(tmp_path, migrated_sqlite, **env: str) -> dict[str, float]:
    """Scrape /metrics from a fresh process configured by environment variables alone (its
    database: a copy of a migrated one in its VAR_DIR)."""
    copy_migrated(migrated_sqlite, tmp_path / "tiquetera.sqlite3")
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        f"r = Client().get('/metrics', headers={{'authorization': 'Bearer {TOKEN}'}});"
        "print(r.status_code); print(r.content.decode())"
    )
    environ = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},  # SQLite in tmp_path
        "DJANGO_SETTINGS_MODULE": "tiquetera.settings",
        "VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        "HUEY_IMMEDIATE": "false",  # immediate mode keeps the queue in memory
        "METRICS_TOKEN": TOKEN,
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    status, text = done.stdout.split("\n", 1)
    assert status == "200"
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.labels
    }


def test_a_queue_that_does_not_answer_is_reported_down(tmp_path, migrated_sqlite):
    m = _scrape_in_subprocess(
        tmp_path, migrated_sqlite, REDIS_URL="redis://127.0.0.1:1/0", SECRET_KEY="x" * 50
    )
    assert m["tiquetera_queue_up"] == 0
    assert "tiquetera_queue_pending_tasks" not in m
    assert m["tiquetera_database_up"] == 1


@override_settings(METRICS_TOKEN=TOKEN)
def test_the_worker_s_sla_sweep_records_its_run_for_the_metrics():
    from tiquetera.sla.tasks import run_sla_timers

    run_sla_timers.call_local(timezone.now().isoformat())
    m = scrape()
    assert 0 <= m[("tiquetera_sla_sweep_age_seconds", ())] < 60
    assert 0 <= m[("tiquetera_sla_sweep_duration_seconds", ())] < 60
    assert JobRun.objects.get(name="sla_sweep").error == ""


def test_with_several_web_processes_any_one_reports_every_processs_requests(
    tmp_path, migrated_sqlite
):
    """PROMETHEUS_MULTIPROC_DIR: process A answers three requests; process B, scraped after,
    counts them (the scrape itself is counted after it is answered)."""
    shared = tmp_path / "prometheus"
    shared.mkdir()
    serve = (
        "import django; django.setup();"
        "from django.test import Client; c = Client();"
        "[c.get('/healthz') for _ in range(3)]"
    )
    environ = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "tiquetera.settings",
        "VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
        "PROMETHEUS_MULTIPROC_DIR": str(shared),
    }
    done = subprocess.run(
        [sys.executable, "-c", serve], env=environ, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    m = _scrape_in_subprocess(tmp_path, migrated_sqlite, PROMETHEUS_MULTIPROC_DIR=str(shared))
    assert m["tiquetera_http_request_duration_seconds_count"] == 3


@pytest.mark.slow
def test_gunicorn_with_two_workers_counts_every_request_whichever_worker_answers(
    tmp_path, migrated_sqlite
):
    """The deployment's own web process (tiquetera.gunicorn_conf, two workers), scraped over
    HTTP: whichever worker answers a scrape, it counts the requests both workers served."""
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    shared = tmp_path / "prometheus"
    shared.mkdir()
    environ = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "tiquetera.settings",
        "VAR_DIR": str(tmp_path),
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(shared),
    }
    copy_migrated(migrated_sqlite, tmp_path / "tiquetera.sqlite3")
    for leftover in shared.iterdir():  # as the systemd unit does: an empty folder at start
        leftover.unlink()
    command = [str(Path(sys.executable).with_name("gunicorn")), "-c"]
    command += ["python:tiquetera.gunicorn_conf", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--workers", "2", "tiquetera.wsgi"],
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        scrape_request = urllib.request.Request(
            f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        before = urllib.request.urlopen(scrape_request, timeout=30).read().decode()
        for _ in range(20):
            urllib.request.urlopen(f"{base}/healthz", timeout=30).read()
        after = urllib.request.urlopen(scrape_request, timeout=30).read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)

    def served(text: str) -> dict[str, float]:
        return {
            sample.name: sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
            if sample.labels in ({}, {"method": "GET", "status": "2xx"})
        }

    grew = (
        served(after)["tiquetera_http_requests_total"]
        - served(before)["tiquetera_http_requests_total"]
    )
    assert grew == 21  # the 20 health checks, and the first scrape (counted once answered)
    assert served(after)["tiquetera_database_up"] == 1
