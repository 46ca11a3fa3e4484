"""Two agents loading the queue's first page at once, through gunicorn (2 sync workers, DEBUG
off, loopback), for one or more checkouts of the code on the same database, rounds interleaved
(A, B, A, B…): per round the median and 90th percentile of the requests and the CPU time the
workers spent per request (read from /proc, so it counts only the server's work).

    VAR_DIR=var/bench100k .venv/bin/python bench/bench_queue_agents.py . /tmp/before-checkout
    ... --requests 30 --rounds 3 --url "/queue/?mine=1"

Uses the database VAR_DIR or DATABASE_URL names (seed it first: `tiquetera seed --cases
100000`) and two seeded agents ("scale-…"), signed in by sessions made here. Each checkout is
served with PYTHONPATH set to it, by this virtualenv's gunicorn. Linux only. Not a test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import django

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,testserver")
os.environ.setdefault("STATIC_ROOT", "/tmp/tiquetera-bench-static")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
TICKS = os.sysconf("SC_CLK_TCK")


def workers_cpu(master: int) -> float:
    """Seconds of CPU (user + system) the gunicorn master's workers have used."""
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def serve(root: str) -> tuple[int, subprocess.Popen]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    command = [str(GUNICORN), "tiquetera.wsgi", "--workers", "2", "--timeout", "300"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    environ = {**os.environ, "PYTHONPATH": root, "AXES_ENABLED": "false"}
    return port, subprocess.Popen(command, cwd=root, env=environ)


def wait_until_up(port: int) -> None:
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing answered on port {port}")


def agent_loads(port: int, url: str, session: str, times: list[float], count: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    for _ in range(count):
        start = time.perf_counter()
        connection.request("GET", url, headers={"Cookie": f"sessionid={session}"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            sys.exit(f"{url} answered {response.status}")
        times.append((time.perf_counter() - start) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("roots", nargs="+", help="checkouts of the code to serve")
    parser.add_argument("--requests", type=int, default=30, help="per agent and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url", default="/queue/")
    options = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need its manifest
    agents = get_user_model().objects.filter(username__startswith="scale-").order_by("pk")[:2]
    sessions = []
    for agent in agents:
        browser = Client()
        browser.force_login(agent)
        sessions.append(browser.cookies["sessionid"].value)
    if len(sessions) < 2:
        sys.exit("No seeded agents: run `tiquetera seed --cases 100000` first")
    servers = {root: serve(str(Path(root).resolve())) for root in options.roots}
    try:
        for port, _process in servers.values():
            wait_until_up(port)
        for round_ in range(1, options.rounds + 1):
            for root, (port, process) in servers.items():
                for session in sessions:  # a warm-up: each worker's first requests
                    agent_loads(port, options.url, session, [], 3)
                times: list[list[float]] = [[], []]
                before = workers_cpu(process.pid)
                clients = [
                    threading.Thread(
                        target=agent_loads,
                        args=(port, options.url, session, times[n], options.requests),
                    )
                    for n, session in enumerate(sessions)
                ]
                for client in clients:
                    client.start()
                for client in clients:
                    client.join()
                every = sorted(times[0] + times[1])
                cpu = (workers_cpu(process.pid) - before) / len(every) * 1000
                print(
                    f"round {round_} {root}: p50 {statistics.median(every):6.1f} ms"
                    f"  p90 {every[int(len(every) * 0.9)]:6.1f} ms  CPU {cpu:5.1f} ms a request"
                    f"  (load average {os.getloadavg()[0]:.1f})",
                    flush=True,
                )
    finally:
        for _port, process in servers.values():
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
