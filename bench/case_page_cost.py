"""What one agent's case page costs in this process: CPU and statements per request, on the
database DATABASE_URL names (SQLite by default, VAR_DIR's).

    VAR_DIR=var/s20k .venv/bin/python bench/case_page_cost.py [--runs 40] [--profile 30]

Uses a database filled by `tiquetera seed` (any size). Signs in the agent and opens the case
`bench_peer.py`'s "one case page" scenario opens (the first agent by id, the newest case), and
a seeded agent's newest case, through Django's test client: the whole request cycle with DEBUG
off. Per page: the median CPU time of `--runs` requests (`time.process_time`; on SQLite it
includes the database's work), the statements of one, and the bytes of the HTML. With
`--profile N`, the N costliest functions (own and cumulative CPU) of `--runs` more under
cProfile. Writes bench/results/case_page_cost.json. Not a test: compare versions on one
database, runs interleaved.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATIC_ROOT", "/tmp/tiquetera-bench-static")  # collected below
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tiquetera.tickets.models import Case  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "case_page_cost.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    options = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need its manifest
    peers = User.objects.filter(agent__isnull=False, is_active=True).order_by("pk").first()
    scale = User.objects.filter(username__startswith="scale-").order_by("pk").first()
    newest = Case.objects.order_by("-pk").first()
    if peers is None or scale is None or newest is None:
        sys.exit("No seeded agents or cases: run `tiquetera seed` first")
    mine = Case.objects.filter(assignee=scale).order_by("-pk").first() or newest
    results: dict[str, dict[str, float]] = {}
    for name, user, case in (("bench_peer", peers, newest), ("scale_agent", scale, mine)):
        browser = Client()
        browser.force_login(user)
        url = f"/cases/{case.number}/"
        response = browser.get(url)  # warm-up, and a check that the page works
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        cpu = []
        for _ in range(options.runs):
            start = time.process_time()
            browser.get(url)
            cpu.append((time.process_time() - start) * 1000)
        with CaptureQueriesContext(connection) as statements:
            page = browser.get(url)
        results[name] = {
            "cpu_median_ms": statistics.median(cpu),
            "statements": len(statements),
            "bytes": len(page.content),
        }
        print(
            f"{name:<12} {url:<28} CPU median {statistics.median(cpu):6.1f} ms"
            f" (min {min(cpu):5.1f})  {len(statements):3d} statements  {len(page.content):7d} B"
        )
        if options.profile:
            profile(browser, url, options.runs, options.profile)
    print(f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))


def profile(browser: Client, url: str, runs: int, top: int) -> None:
    profiler = cProfile.Profile(time.process_time)
    for _ in range(runs):
        profiler.runcall(browser.get, url)
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        print(f"--- {runs} requests by {order}\n" + out.getvalue().split("\n\n", 2)[-1])


if __name__ == "__main__":
    main()
