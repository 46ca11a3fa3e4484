"""`make demo` runs `tiquetera demo`: data set up, web server and worker up, Ctrl-C stops both."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tiquetera.calendars.models import Calendar


@pytest.mark.django_db
def test_demo_setup_loads_the_policy_and_the_logins():
    call_command("demo", "--setup-only", verbosity=0)
    call_command("demo", "--setup-only", verbosity=0)  # twice: nothing duplicated
    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.is_staff, u.is_superuser) for u in users] == [
        ("admin", True, True),
        ("agente", True, False),
    ]
    assert users.get(username="agente").check_password("agente-demo")
    assert sorted(c.ref for c in Calendar.objects.all()) == [
        "jq-systems/extended",
        "jq-systems/regular",
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_demo_serves_and_stops_both_processes_on_ctrl_c(tmp_path):
    addr = f"127.0.0.1:{_free_port()}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "HUEY_IMMEDIATE"}}
    env |= {"DEBUG": "true", "VAR_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    demo = subprocess.Popen(
        [sys.executable, "-m", "tiquetera", "demo", "--addr", addr],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = demo.stdout.readline()
            seen.append(line)
            if "Ctrl-C" in line or demo.poll() is not None:
                break
        output = "".join(seen)
        assert f"Tiquetera is running at http://{addr}/" in output, output
        assert "agente   / agente-demo" in output
        with urllib.request.urlopen(f"http://{addr}/healthz", timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://{addr}/accounts/login/", timeout=10) as response:
            assert "Iniciar sesión" in response.read().decode()
        children = subprocess.run(
            ["pgrep", "-s", str(demo.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) >= 3  # demo, web server, worker
    finally:
        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        demo.wait(timeout=30)
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-s", str(demo.pid)], capture_output=True, text=True)
    assert left.stdout.split() == []
