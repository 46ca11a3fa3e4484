"""How long the desk's pages take to render with a seeded data set: PostgreSQL at a million
cases, SQLite (the default database) at 100,000.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiquetera_bench \
        .venv/bin/python bench/bench_pages.py [--runs 30]
    VAR_DIR=var/bench100k .venv/bin/python bench/bench_pages.py     # SQLite, VAR_DIR's database

Uses a database `tiquetera seed` filled. Signs in as one of the seeded agents and renders each
page through Django's whole request cycle in this process (middleware, session, templates; no
network), `--runs` times after a warm-up, and prints per page the median and the 90th percentile
in milliseconds, the median CPU time of this process (on SQLite it includes the database's
work) and the statements one request makes. The target is a median under 200 ms for every
page. Writes bench/results/pages.json. Not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATIC_ROOT", "/tmp/tiquetera-bench-static")  # collected below
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

from tiquetera.tickets.models import Case  # noqa: E402
from tiquetera.tickets.statuses import QUEUE_STATUSES  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "pages.json"
TARGET_MS = 200.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    options = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need its manifest
    agent = get_user_model().objects.filter(username__startswith="scale-").order_by("pk").first()
    if agent is None:
        sys.exit("No seeded agents: run `tiquetera seed --cases 1000000` first")
    browser = Client()
    browser.force_login(agent)
    open_case = Case.objects.filter(status__in=QUEUE_STATUSES).order_by("-pk").first()
    busy = Case.objects.filter(assignee=agent).order_by("-pk").first() or open_case
    pages = {
        "home": "/",
        "queue": "/queue/",
        "queue_mine": "/queue/?mine=1",
        "queue_waiting": "/queue/?waiting_on_client=1",
        "case": f"/cases/{open_case.number}/" if open_case else None,
        "case_of_agent": f"/cases/{busy.number}/" if busy else None,
        "calls": "/calls/",
        "search": "/search/?q=prueba",  # a word in every seeded case's subject
        "inquiries": "/inquiries/",
    }
    with contextlib.suppress(NoReverseMatch):  # the dashboard, once it exists
        pages["dashboard"] = reverse("reports:dashboard")
    results: dict[str, dict[str, float]] = {}
    for name, url in pages.items():
        if url is None:
            continue
        response = browser.get(url)  # warm-up, and a check that the page works
        if response.status_code != 200:
            print(f"{name}: {url} answered {response.status_code}; skipped")
            continue
        times, cpu = [], []
        for _ in range(options.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            browser.get(url)
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        with CaptureQueriesContext(connection) as statements:
            browser.get(url)
        times.sort()
        results[name] = {
            "median_ms": statistics.median(times),
            "p90_ms": times[int(len(times) * 0.9)],
            "cpu_median_ms": statistics.median(cpu),
            "statements": len(statements),
        }
        print(
            f"{name:<16} {url:<40} median {results[name]['median_ms']:7.1f} ms"
            f"   p90 {results[name]['p90_ms']:7.1f} ms"
            f"   CPU {results[name]['cpu_median_ms']:7.1f} ms   {len(statements):3d} statements"
        )
    slowest = max(r["median_ms"] for r in results.values())
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}")
    print(f"every page under {TARGET_MS:.0f} ms median: {'yes' if slowest < TARGET_MS else 'NO'}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
