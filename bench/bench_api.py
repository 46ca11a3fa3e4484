"""Intake and listing through the REST API, served by gunicorn, on PostgreSQL or SQLite.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiquetera_bench \
        .venv/bin/python bench/bench_api.py [--cases 2000] [--workers 2] [--threads 1] [--clients 4]

Uses the database `bench_desk.py` fills (`tiquetera seed`; SQLite: the one in VAR_DIR when
DATABASE_URL is not set). Gives eight seeded client contacts of eight organizations a portal
user and an API token, starts gunicorn with `--workers` sync workers (DEBUG off, Redis for
cache and queue when REDIS_URL is set), then from `--clients` threads, each on its own
organization:
- create: POST /api/v1/cases — the whole pipeline: raw body, rules, number, entitlement, SLA
  clocks, audit, the requester's email in the outbox, auto-assignment — `--cases` in all;
  every answer must be 201 with an accepted case;
- list: GET /api/v1/cases?size=50 by the same clients;
- the ceiling of the same stack: GET /healthz (no authentication, `SELECT 1`) and an
  authenticated GET /api/v1/cases?size=1, as many as the cases.
Prints requests per second, latency percentiles and the CPU one case costs (gunicorn, the rest
of the machine); writes bench/results/api.json. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import django

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402

from tiquetera.api.tokens import issue_token  # noqa: E402
from tiquetera.directory.models import Contact  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "api.json"
TARGET_PER_S = 300.0
PREREQUISITE = (
    "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones comunes."
)
CASE = {
    "subject": "No imprime la factura electrónica",
    "description": "Al imprimir la factura aparece el error E-501.",
    "case_type": "incidencia",
    "fields": {"application": "JQ Nómina", "module": "Facturación"},
    "prerequisites_done": [PREREQUISITE],
    # JQ takes cases by its web form; another channel is let in, flagged, with a reason
    "channel_justification": "Integración con el ERP del cliente",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=1, help="per worker (more than 1: gunicorn's gthread)"
    )
    parser.add_argument("--clients", type=int, default=4)
    options = parser.parse_args()
    tokens = client_tokens(8)
    connection.close()
    port = free_port()
    server = start_gunicorn(port, options.workers, options.threads)
    try:
        wait_until_up(port)
        run(port, tokens, 40, "POST")  # warm-up: imports, connections, caches
        before = cpu_now(server.pid)
        created = run(port, tokens, options.cases, "POST", options.clients)
        cpu = cpu_per_case(before, cpu_now(server.pid), len(created["latencies"]))
        listed = run(port, tokens, options.cases // 4, "GET", options.clients)
        # the ceiling: what the same server does with (next to) nothing to do per request
        health = run(port, tokens, options.cases, "GET", options.clients, "/healthz")
        one = run(port, tokens, options.cases, "GET", options.clients, "/api/v1/cases?size=1")
    finally:
        server.terminate()
        try:
            server.wait(60)  # a loaded machine takes gunicorn longer than 10 s to stop
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    results = {"workers": options.workers, "threads": options.threads, "clients": options.clients}
    results |= summary("create", created) | cpu | summary("list", listed)
    results |= summary("healthz", health) | summary("one_case", one)
    for name, value in results.items():
        print(f"{name:<24} {value:,.1f}" if isinstance(value, float) else f"{name:<24} {value}")
    verdict = "yes" if results["create_per_s"] >= TARGET_PER_S else "NO"
    print(f"create at least {TARGET_PER_S:.0f} cases/s: {verdict}")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))


def client_tokens(count: int) -> list[str]:
    """One token for each of `count` seeded contacts of different organizations."""
    tokens, seen = [], set()
    # organizations on a subscription plan: JQ's contractual plan takes urgencies (S3) only
    contacts = Contact.objects.filter(
        email__endswith="@scale.test",
        is_active=True,
        organization__contracts__plan__key__startswith="suscripcion",
    ).distinct()
    for contact in contacts.select_related("organization").order_by("pk"):
        if contact.organization_id in seen:
            continue
        seen.add(contact.organization_id)
        if contact.user is None:
            contact.user = User.objects.create_user(f"bench-{contact.pk}")
            contact.save(update_fields=["user"])
        tokens.append(issue_token(contact.user, name="bench", actor=contact.user)[1])
        if len(tokens) == count:
            return tokens
    sys.exit("Not enough seeded contacts: run `tiquetera seed` first")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-secret"),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "tiquetera.wsgi",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def wait_until_up(port: int) -> None:
    for _ in range(100):
        try:
            request(port, "GET", "/healthz", "")
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


def request(port: int, method: str, path: str, token: str) -> tuple[int, bytes, float]:
    body = json.dumps(CASE).encode() if method == "POST" else None
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, data, time.perf_counter() - start


def run(
    port: int, tokens: list[str], total: int, method: str, clients: int = 2, path: str = ""
) -> dict[str, object]:
    path = path or ("/api/v1/cases" if method == "POST" else "/api/v1/cases?size=50")
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    per_client = total // clients

    def work(index: int) -> None:
        token = tokens[index % len(tokens)]
        for _ in range(per_client):
            status, data, seconds = request(port, method, path, token)
            ok = status == (201 if method == "POST" else 200)
            if ok and method == "POST":
                ok = json.loads(data)["intake"] == "accepted"
            with lock:
                latencies.append(seconds)
                if not ok:
                    failures.append(f"{status} {data[:200]!r}")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if failures:
        print(f"{len(failures)} failed {method} requests, e.g. {failures[0]}")
    return {
        "count": len(latencies),
        "seconds": elapsed,
        "latencies": latencies,
        "failures": failures,
    }


def cpu_now(server: int) -> tuple[float, float]:
    """(CPU seconds of the gunicorn master and its workers, of the whole machine) so far."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [server, *Path(f"/proc/{server}/task/{server}/children").read_text().split()]
    ours = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ours += int(fields[11]) + int(fields[12])  # utime, stime
    busy = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    machine = sum(busy) - busy[3] - busy[4]  # all but idle and iowait
    return ours / tick, machine / tick


def cpu_per_case(
    before: tuple[float, float], after: tuple[float, float], cases: int
) -> dict[str, float]:
    """CPU milliseconds one case cost: in gunicorn, and in everything else (PostgreSQL, Redis,
    the client threads) — what a 2-core machine can spend at the target is 2000 / 300 ms."""
    web = (after[0] - before[0]) * 1000 / cases
    machine = (after[1] - before[1]) * 1000 / cases
    return {"create_cpu_web_ms": web, "create_cpu_rest_ms": machine - web}


def summary(name: str, run: dict[str, object]) -> dict[str, object]:
    latencies = sorted(run["latencies"])  # type: ignore[type-var]
    count, seconds = run["count"], run["seconds"]
    return {
        f"{name}_per_s": count / seconds,  # type: ignore[operator]
        f"{name}_p50_ms": statistics.median(latencies) * 1000,
        f"{name}_p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
        f"{name}_failed": len(run["failures"]),  # type: ignore[arg-type]
    }


if __name__ == "__main__":
    main()
