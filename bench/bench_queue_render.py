"""The queue page's own cost (issue 17, "a cheap queue render"): 500 organizations, a page of
50 cases (each with an assignee, a team, a deadline and tags), timed through the Django test
client as the median of `--runs` GETs of /queue/ after a warm-up, with the queries counted.

    .venv/bin/python bench/bench_queue_render.py [--runs 30]

Uses a throw-away SQLite file in the temporary folder, made afresh. `BENCH_ROOT=/other/checkout`
runs another checkout's code with the same data (before/after a change). Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_ROOT", Path(__file__).resolve().parent.parent))
DB = Path(tempfile.gettempdir()) / f"bench_queue_{os.getpid()}.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from tiquetera.directory.models import Organization  # noqa: E402
from tiquetera.testing.factories import (  # noqa: E402
    AgentProfileFactory,
    OrganizationFactory,
    PolicyFactory,
    TeamFactory,
)
from tiquetera.tickets.tests.factories import CaseFactory  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    policy = PolicyFactory()
    OrganizationFactory.create_batch(500, policy=policy)
    agent = AgentProfileFactory(user__username="laura", user__first_name="Laura").user
    team = TeamFactory()
    now = timezone.now()
    organizations = list(Organization.objects.order_by("pk")[:50])
    for n, organization in enumerate(organizations):
        case = CaseFactory(
            organization=organization,
            status="open",
            assignee=agent if n % 2 else None,
            team=team,
            sla_due_at=now + dt.timedelta(minutes=37 * (n - 10)),
            sla_warn_at=now + dt.timedelta(minutes=37 * (n - 12)),
        )
        if hasattr(case, "tags"):  # the checkout has tags: two on each case
            from tiquetera.tickets.tags import add_tags

            add_tags(case, f"facturación, lote {n % 5}", actor=None)
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(agent)
    assert client.get("/queue/").status_code == 200  # warm-up
    times, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get("/queue/")
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get("/queue/")
    html = response.content.decode()
    DB.unlink(missing_ok=True)
    print(
        f"{ROOT.name} /queue/: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms "
        f"over {args.runs} runs "
        f"(CPU: median {statistics.median(cpu):.1f} ms, min {min(cpu):.1f} ms); "
        f"{len(queries)} queries; {len(html) // 1024} KiB of HTML; "
        f"{html.count('<option')} <option>s, {html.count('data-queue-row')} rows"
    )


if __name__ == "__main__":
    main()
