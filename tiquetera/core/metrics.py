"""The operators' Prometheus metrics (`GET /metrics`, docs/deployment.md "Metrics").

Nearly everything is read from the database when Prometheus scrapes, so any one of several
stateless web processes gives the same answer: intake outcomes per channel, the outbox and
WhatsApp backlogs, the email fetch lag, the SLA sweep's duration and lag, the clocks due, and
whether the database and the task queue answer. Only the HTTP requests are counted in process
memory; with several gunicorn workers, prometheus-client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR) adds up every worker's counts.
"""

import hashlib
import hmac
import time
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connection
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

# --- HTTP requests: counted by the process that served them -----------------------------------
HTTP = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "tiquetera_http_requests",
    "HTTP requests answered, by method and status class.",
    ["method", "status"],
    registry=HTTP,
)
LATENCY = Histogram(
    "tiquetera_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    registry=HTTP,
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class RequestMetricsMiddleware:
    """Counts every request and its duration (first in MIDDLEWARE: redirects and refusals too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        method = request.method if request.method in METHODS else "other"
        REQUESTS.labels(method=method, status=f"{response.status_code // 100}xx").inc()
        LATENCY.observe(time.perf_counter() - started)
        return response


# --- The desk's state: read from the database at each scrape ----------------------------------
class DeskCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        database_up = _answers(_ping_database)
        yield _gauge("tiquetera_database_up", "1 if the database answers, else 0.", database_up)
        queue_up = _answers(HUEY.storage.queue_size)
        yield _gauge("tiquetera_queue_up", "1 if the task queue answers, else 0.", queue_up)
        if queue_up:
            yield _gauge(
                "tiquetera_queue_pending_tasks",
                "Tasks waiting in the queue for a worker.",
                HUEY.storage.queue_size(),
            )
        if database_up:
            yield from _desk_metrics()


def _desk_metrics() -> Iterator[Metric]:
    from tiquetera.channels.email.mailboxes import configured_mailboxes
    from tiquetera.channels.email.models import InboundEmail
    from tiquetera.channels.whatsapp.models import OutboundMessage, WebhookDelivery
    from tiquetera.core.models import JobRun
    from tiquetera.notifications.models import Notification
    from tiquetera.sla.models import Clock
    from tiquetera.tickets.models import Case, RawPayload

    now = timezone.now()

    intakes = CounterMetricFamily(
        "tiquetera_intake_cases",
        "Cases taken in since the desk began, by channel and intake outcome "
        "(accepted, parked, refused).",
        labels=["channel", "outcome"],
    )
    for row in Case.objects.order_by().values("channel", "intake").annotate(n=Count("id")):
        intakes.add_metric([row["channel"], row["intake"] or "none"], row["n"])
    yield intakes
    failed = CounterMetricFamily(
        "tiquetera_intake_failed_payloads",
        "Payloads received that could not be taken in (kept with their error), by channel.",
        labels=["channel"],
    )
    failures = RawPayload.objects.exclude(error="").order_by().values("channel")
    for failure in failures.annotate(n=Count("id")):
        failed.add_metric([failure["channel"]], failure["n"])
    yield failed

    yield _by_status(
        "tiquetera_outbox_emails",
        "Emails not sent yet, by status (pending, sending, failed).",
        Notification.objects.exclude(status=Notification.Status.SENT),
    )
    yield _age(
        "tiquetera_outbox_oldest_pending_age_seconds",
        "Age of the oldest email waiting to be sent (0: none).",
        Notification.objects.filter(status=Notification.Status.PENDING),
        "created_at",
        now,
    )
    yield _by_status(
        "tiquetera_whatsapp_outbound_messages",
        "WhatsApp messages not sent yet, by status (queued, sending, failed).",
        OutboundMessage.objects.filter(
            status__in=[
                OutboundMessage.Status.QUEUED,
                OutboundMessage.Status.SENDING,
                OutboundMessage.Status.FAILED,
            ]
        ),
    )
    yield _by_status(
        "tiquetera_whatsapp_webhook_deliveries",
        "Webhook deliveries from Meta not processed yet, by status (received, processing, failed).",
        WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.PROCESSED),
    )
    yield _by_status(
        "tiquetera_email_inbound",
        "Inbound emails stored but not processed (received) or that failed.",
        InboundEmail.objects.filter(
            status__in=[InboundEmail.Status.RECEIVED, InboundEmail.Status.FAILED]
        ),
    )

    runs = {run.name: run for run in JobRun.objects.all()}
    fetch_age = GaugeMetricFamily(
        "tiquetera_email_fetch_age_seconds",
        "Seconds since each configured mailbox was last read successfully (+Inf: never).",
        labels=["mailbox"],
    )
    for mailbox in configured_mailboxes():
        run = runs.get(f"email_fetch:{mailbox.label}")
        success = run.succeeded_at if run else None
        fetch_age.add_metric(
            [mailbox.label], (now - success).total_seconds() if success else float("inf")
        )
    yield fetch_age

    sweep = runs.get("sla_sweep")
    yield _gauge(
        "tiquetera_sla_sweep_duration_seconds",
        "How long the last SLA sweep took.",
        sweep.duration_seconds if sweep else float("nan"),
    )
    yield _gauge(
        "tiquetera_sla_sweep_age_seconds",
        "Seconds since the last SLA sweep finished (+Inf: never; it runs every minute).",
        (now - sweep.finished_at).total_seconds() if sweep else float("inf"),
    )
    running = Clock.objects.filter(state=Clock.State.RUNNING)
    overdue = running.filter(breached_at__isnull=True, due_at__lte=now)
    to_warn = running.filter(warned_at__isnull=True, warn_at__lte=now)
    due = GaugeMetricFamily(
        "tiquetera_sla_clocks_due",
        "Running SLA clocks past their due (breach) or warning time that the sweep has not "
        "marked yet.",
        labels=["kind"],
    )
    due.add_metric(["breach"], overdue.count())
    due.add_metric(["warning"], to_warn.count())
    yield due
    yield _age(
        "tiquetera_sla_sweep_lag_seconds",
        "How long the oldest unmarked breach has been due (0: the sweep is up to date).",
        overdue,
        "due_at",
        now,
    )


def _by_status(name: str, documentation: str, rows) -> GaugeMetricFamily:  # type: ignore[no-untyped-def]
    gauge = GaugeMetricFamily(name, documentation, labels=["status"])
    for row in rows.order_by().values("status").annotate(n=Count("id")):
        gauge.add_metric([row["status"]], row["n"])
    return gauge


def _age(name: str, documentation: str, rows, field: str, now) -> GaugeMetricFamily:  # type: ignore[no-untyped-def]
    oldest = rows.aggregate(oldest=Min(field))["oldest"]
    return _gauge(name, documentation, (now - oldest).total_seconds() if oldest else 0.0)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def _ping_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _answers(probe: Callable[[], object]) -> int:
    try:
        probe()
    except Exception:  # any failure is the answer: 0
        return 0
    return 1


class _HttpCollector(Collector):
    """This process's request counts (one process: no multiprocess directory)."""

    def collect(self) -> Iterator[Metric]:
        yield from HTTP.collect()


# --- The endpoint -----------------------------------------------------------------------------
def token_matches(given: str) -> bool:
    """Whether `given` is METRICS_TOKEN, compared as SHA-256 digests in constant time."""
    expected = settings.METRICS_TOKEN
    return bool(expected) and hmac.compare_digest(
        hashlib.sha256(given.encode()).digest(), hashlib.sha256(expected.encode()).digest()
    )


def exposition() -> bytes:
    """The metrics in Prometheus' text format."""
    registry = CollectorRegistry()
    registry.register(DeskCollector())
    if settings.PROMETHEUS_MULTIPROC_DIR:
        multiprocess.MultiProcessCollector(registry, path=settings.PROMETHEUS_MULTIPROC_DIR)
    else:
        registry.register(_HttpCollector())
    return generate_latest(registry)
