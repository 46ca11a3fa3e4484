"""`make demo` runs `tiquetera demo`: data set up, web server and worker up, the logins printed
last, Ctrl-C stops both and exits 0."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from tiquetera.calendars.models import Calendar


@pytest.mark.django_db
def test_demo_setup_loads_the_policy_the_desk_and_the_logins_once():
    first, second = StringIO(), StringIO()
    with translation.override("es"):  # as `tiquetera demo` speaks (LANGUAGE_CODE)
        call_command("demo", "--setup-only", "--cases", "12", stdout=first)
        call_command("demo", "--setup-only", "--cases", "12", stdout=second)  # nothing twice
    assert "12 casos" in first.getvalue()
    assert "ya estaba cargada" in second.getvalue()  # "… was already loaded: nothing added."
    assert "portal" in second.getvalue().rstrip().splitlines()[-1]  # the logins come last
    staff = get_user_model().objects.filter(is_staff=True).order_by("username")
    assert [u.username for u in staff] == ["admin", "agente", "carlos", "jorge", "lucia"]
    assert staff.get(username="admin").is_superuser
    assert staff.get(username="agente").check_password("agente-demo")
    assert staff.get(username="agente").has_perm("directory.change_contact")  # may invite
    assert sorted(c.ref for c in Calendar.objects.all()) == [
        "jq-systems/extended",
        "jq-systems/regular",
    ]


@pytest.mark.django_db
def test_the_demos_links_lead_to_the_address_it_serves(settings, monkeypatch):
    """Served on another port, the demo's emails and the notices on its cases link to that port,
    not to SITE_URL's default (seen walking a demo on :8791 whose links said :8000)."""
    from tiquetera.notifications.models import Notification

    monkeypatch.delenv("SITE_URL", raising=False)
    call_command(
        "demo", "--setup-only", "--cases", "12", "--addr", "127.0.0.1:8791", stdout=StringIO()
    )
    assert settings.SITE_URL == "http://127.0.0.1:8791"
    bodies = list(Notification.objects.values_list("text_body", flat=True))
    assert any("http://127.0.0.1:8791/portal/" in body for body in bodies)
    assert not any("127.0.0.1:8000" in body for body in bodies)


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
        [sys.executable, "-m", "tiquetera", "demo", "--addr", addr, "--cases", "10"],
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
            if ("cliente-demo" in line and "USR" not in line) or demo.poll() is not None:
                break  # the last login: the plain client user's
        output = "".join(seen)
        running = output.index(f"http://{addr}/")
        assert "Tiquetera está funcionando en" in output, output
        assert running < output.index("agente") < output.index("cliente-demo")  # logins last
        assert re.search(r"agente +/ agente-demo", output)
        with urllib.request.urlopen(f"http://{addr}/healthz", timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://{addr}/accounts/login/", timeout=10) as response:
            assert "Iniciar sesión" in response.read().decode()
        children = subprocess.run(
            ["pgrep", "-s", str(demo.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) >= 3  # demo, web server, worker
        assert " INFO " not in output  # the worker is quiet: no line per job
    finally:
        os.killpg(demo.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        demo.wait(timeout=30)
    assert demo.returncode == 0
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-s", str(demo.pid)], capture_output=True, text=True)
    assert left.stdout.split() == []


def test_demo_waits_for_a_slow_web_server_and_says_what_it_waits_for(monkeypatch):
    """On a loaded machine the web server took more than the minute the demo gave it, and the
    demo gave up without a word meanwhile."""
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from threading import Thread, Timer

    from tiquetera.core.management.commands import demo

    class Healthy(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    monkeypatch.setattr(demo, "NOTICE_EVERY", 0.3)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/healthz"
    server: list[HTTPServer] = []

    def start() -> None:  # the web server answers only after a while
        server.append(HTTPServer(("127.0.0.1", port), Healthy))
        Thread(target=server[0].serve_forever, daemon=True).start()

    Timer(1.5, start).start()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    out = StringIO()
    command = demo.Command(stdout=out)
    try:
        with translation.override("es"):
            assert command._wait_healthy(url, [child], [], wait=20) is True
            with pytest.raises(demo.CommandError) as gave_up:
                command._wait_healthy(f"http://127.0.0.1:{_free_port()}/", [child], [], wait=1)
    finally:
        child.kill()
        child.wait()
        if server:
            server[0].shutdown()
    assert f"Sigue esperando al servidor web en {url} (" in out.getvalue()
    assert "/ en 1 s; puede que la máquina esté ocupada" in str(gave_up.value)
