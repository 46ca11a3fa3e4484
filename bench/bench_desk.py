"""The queue page, the SLA sweep and the intake pipeline at scale, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiquetera_bench \
        .venv/bin/python bench/bench_desk.py [--cases 1000000] [--runs 50]

Makes sure the database holds `--cases` cases (10 % open) with `tiquetera seed`, then times,
each as the median of `--runs` runs after a warm-up:
- the first page of the queue (50 cases, default filters) for an agent, and the "mine" page;
- the breach/warning sweep: once to catch up with the backlog the generator leaves (half the
  overdue clocks unmarked), then minute by minute as the clock advances (what the worker runs);
- intake: cases through `tickets.intake.pipeline.submit` (rules, number, entitlement, SLA
  clocks, audit, outbox) in one process, as cases per second.
Writes bench/results/desk.json. Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from tiquetera.desk.queue import QueueFilters, queue_page  # noqa: E402
from tiquetera.directory.models import Contact  # noqa: E402
from tiquetera.sla.models import Clock  # noqa: E402
from tiquetera.sla.sweep import sweep  # noqa: E402
from tiquetera.tickets.intake.pipeline import submit  # noqa: E402
from tiquetera.tickets.intake.request import IntakeRequest  # noqa: E402
from tiquetera.tickets.models import Case  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "desk.json"
TARGET_MS = 50.0
TARGET_INTAKE_PER_S = 300.0


def median_ms(runs: int, work: Callable[[int], Any]) -> float:
    work(0)  # warm-up
    times = []
    for n in range(1, runs + 1):
        start = time.perf_counter()
        work(n)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--intake", type=int, default=500, help="cases submitted for intake")
    parser.add_argument(
        "--only", choices=["queue", "sweep", "intake"], action="append", help="(repeatable)"
    )
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run it on PostgreSQL: set DATABASE_URL=postgres://…")

    have = Case.objects.count()
    if have < options.cases:
        print(f"Seeding {options.cases - have:,} cases (have {have:,})…")
        call_command("seed", cases=options.cases - have)
    total = Case.objects.count()
    open_cases = Case.objects.filter(status__in=["new", "open", "in_progress", "escalated_rd"])
    print(f"{total:,} cases, {open_cases.count():,} in the queue")

    parts = set(options.only or ["queue", "sweep", "intake"])
    agent = get_user_model().objects.filter(username__startswith="scale-").order_by("pk").first()
    results: dict[str, float] = {}
    if "queue" in parts:
        results |= bench_queue(agent, options.runs)
    if "sweep" in parts:
        results |= bench_sweep(options.runs)
    if "intake" in parts:
        results |= bench_intake(options.intake)

    width = max(map(len, results))
    for name, value in results.items():
        print(f"{name:<{width}}  {value:,.1f}")
    for name in ("queue_first_page_ms", "sweep_per_minute_ms"):
        if name in results:
            verdict = "yes" if results[name] < TARGET_MS else "NO"
            print(f"{name} under {TARGET_MS:.0f} ms: {verdict}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"cases": total, **results}, indent=2))


def bench_queue(agent: Any, runs: int) -> dict[str, float]:
    return {
        "queue_first_page_ms": median_ms(
            runs, lambda n: list(queue_page(agent, filters=QueueFilters()).cases)
        ),
        "queue_mine_ms": median_ms(
            runs, lambda n: list(queue_page(agent, filters=QueueFilters(mine=True)).cases)
        ),
    }


def bench_sweep(runs: int) -> dict[str, float]:
    results: dict[str, float] = {}

    now = timezone.now()
    start = time.perf_counter()
    caught_up = 0
    while True:  # the backlog, batch by batch
        counts = sweep(now)
        caught_up += counts.breached + counts.warned
        if counts.breached + counts.warned == 0:
            break
    results["sweep_catch_up_s"] = time.perf_counter() - start
    results["sweep_catch_up_clocks"] = caught_up
    # an earlier run may have swept ahead of the clock: continue from where it stopped
    ahead = Clock.objects.filter(breached_at__isnull=False).aggregate(last=Max("due_at"))["last"]
    base = max(now, ahead or now)
    results["sweep_per_minute_ms"] = median_ms(
        runs, lambda n: sweep(base + dt.timedelta(minutes=n))
    )
    return results


def bench_intake(count: int) -> dict[str, float]:
    contact = Contact.objects.filter(email__endswith="@scale.test").select_related("organization")[
        0
    ]
    request = IntakeRequest(
        channel="portal",
        subject="No imprime la factura",
        description="Error E-501 al imprimir.",
        organization=contact.organization,
        requester=contact,
        case_type="incidencia",
        fields={"application": "JQ Nómina", "module": "Facturación"},
        prerequisites_done=[
            "Realicé las tareas previas indicadas al USR por JQ Systems para descartar "
            "situaciones comunes."
        ],
    )
    submit(request)  # warm-up
    start = time.perf_counter()
    for _ in range(count):
        submit(request)
    return {"intake_per_s_one_process": count / (time.perf_counter() - start)}


if __name__ == "__main__":
    main()
