"""Tiquetera beside django-helpdesk 2.6.1, its closest open-source Django peer, on SQLite or
PostgreSQL: the same scenarios against both, served by gunicorn (2 sync workers, DEBUG off) on
loopback, rounds interleaved A B A B, and a table with the ratios (issue 18).

    .venv/bin/python bench/bench_peer.py [--tickets 100000] [--requests 100] [--rounds 2]
    DATABASE_URL=postgres://…/tq_ours PEER_DATABASE_URL=postgres://…/tq_peer \
        .venv/bin/python bench/bench_peer.py --peer-dir var/peer-pg --only "case page"

Ours: the database DATABASE_URL names (SQLite by default), filled by `tiquetera seed` first.
The peer: django-helpdesk 2.6.1 from the package registry, installed into its own virtualenv
(`--peer-dir`, default var/peer: never into the application's), in a minimal project written
there, with `--tickets` tickets in one queue on its own SQLite file, or in the PostgreSQL
database PEER_DATABASE_URL names (psycopg is then added to its virtualenv). Scenarios, each
`--requests` requests a round from several client threads:
- create through the REST API, 4 clients: ours `POST /api/v1/cases` (a bearer token), the
  peer's `POST /api/tickets/` (basic authentication of a staff user; its password hasher is MD5
  so that checking it costs what our token's digest does);
- create through the client's web form, 4 clients: GET the form, then POST it with its CSRF
  token (ours: a signed-in client contact's `/portal/cases/new/`; the peer: its public form);
- one case page as an agent, 2 clients: ours `/cases/<number>/`, the peer's
  `/tickets/<id>/` as a staff user;
- the agents' queue, whole first page, 2 clients: ours `/queue/` (rows rendered on the server),
  the peer's `/tickets/` and the JSON its table then asks for (`/datatables_ticket_list/…`, the
  first 50 tickets), timed together;
- the dashboard, 2 clients: ours `/reports/dashboard/`, the peer's `/dashboard/`;
- the REST list of open cases, 2 clients: ours `GET /api/v1/cases?status=open` (an agent's
  token, a page of 50), the peer's `GET /api/tickets/?status=1`.
`--only WORDS` runs the scenarios whose name contains them (repeatable).
Requests per second and p50 per scenario and side, medians over the rounds; every answer must be
the expected one (201, a redirect, 200). Bounded in time: each scenario stops after
`--seconds` a round. Writes bench/results/peer.json. The machine must be otherwise idle for the
figures to mean anything; the ratios are steadier than the rates.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import django

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "bench")  # the servers' too: sessions made here are valid there
os.environ.setdefault("STATIC_ROOT", "/tmp/tiquetera-bench-static")  # collected below
os.environ.setdefault("STATIC_MANIFEST", "true")  # the servers run DEBUG off: they read the manifest
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

from tiquetera.api.tokens import issue_token  # noqa: E402
from tiquetera.directory.models import Contact  # noqa: E402
from tiquetera.tickets.models import Case  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "peer.json"
PEER_VERSION = "2.6.1"
API_CASE = {
    "subject": "No imprime la factura electrónica",
    "description": "Al imprimir la factura aparece el error E-501.",
    "case_type": "incidencia",
    "fields": {"application": "JQ Nómina", "module": "Facturación"},
    "prerequisites_done": [
        "Realicé las tareas previas indicadas al USR por JQ Systems para descartar situaciones "
        "comunes."
    ],
    "channel_justification": "Integración con el ERP del cliente",
}
FORM_CASE = {
    "case_type": "incidencia",
    "shown_type": "incidencia",
    "field_application": "JQ Nómina",
    "field_module": "Facturación",
    "prerequisites": "0",
    "subject": "No imprime la factura electrónica",
    "description": "Al imprimir la factura aparece el error E-501.",
}
PEER_SETTINGS = """
from pathlib import Path
BASE = Path(__file__).resolve().parent
SECRET_KEY = "bench"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
    "django.contrib.sites", "django.contrib.humanize", "rest_framework", "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "peer_urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3", "NAME": BASE / "helpdesk.sqlite3",
    "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE", "timeout": 20},
}}
import os
from urllib.parse import urlsplit
if os.environ.get("PEER_DATABASE_URL"):  # PostgreSQL, as ours with DATABASE_URL
    url = urlsplit(os.environ["PEER_DATABASE_URL"])
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql", "NAME": url.path.lstrip("/"),
        "USER": url.username or "", "PASSWORD": url.password or "", "HOST": url.hostname or "",
        "PORT": url.port or "", "CONN_MAX_AGE": 60,
    }}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SITE_ID = 1
STATIC_URL = "/static/"
STATIC_ROOT = BASE / "static"
USE_TZ = True
LOGIN_URL = "/login/"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HELPDESK_TEAMS_MODE_ENABLED = False
HELPDESK_API_ENABLED = True
HELPDESK_PUBLIC_VIEW_PROTECTOR = lambda request: None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
"""
PEER_URLS = """
from django.contrib.auth import views as auth_views
from django.urls import include, path
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
"""
PEER_SETUP = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "peer_settings"
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from helpdesk.models import Queue, Ticket
tickets = int(sys.argv[1])
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
queue, _ = Queue.objects.get_or_create(slug="soporte", defaults={"title": "Soporte"})
queue.allow_public_submission = True
queue.save()
staff = User.objects.filter(username="bench").first()
if staff is None:
    staff = User.objects.create_superuser("bench", "bench@example.com", "bench")
have = Ticket.objects.count()
batch = []
for n in range(have, tickets):
    batch.append(Ticket(queue=queue, title=f"Caso de prueba {n}", description="Prueba",
                        submitter_email=f"cliente{n % 500}@example.com",
                        status=1 if n % 10 == 0 else 4))
    if len(batch) == 5000:
        Ticket.objects.bulk_create(batch); batch = []
Ticket.objects.bulk_create(batch)
session = SessionStore()
session[SESSION_KEY] = str(staff.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
session.create()
print(json.dumps({"queue": queue.pk, "session": session.session_key,
                  "ticket": Ticket.objects.order_by("-pk").values_list("pk", flat=True)[0]}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100, help="per scenario and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=60, help="at most, per scenario round")
    parser.add_argument("--peer-dir", type=Path, default=ROOT / "var" / "peer")
    parser.add_argument("--only", action="append", default=[], help="scenarios naming this")
    args = parser.parse_args()
    args.peer_dir = args.peer_dir.resolve()  # its commands run with it as working directory
    peer = set_up_peer(args.peer_dir, args.tickets)
    ours = set_up_ours()
    servers = {
        "tiquetera": start(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "tiquetera.wsgi"], ROOT, ours_env()
        ),
        "helpdesk": start(
            [str(args.peer_dir / "venv" / "bin" / "gunicorn"), "peer_wsgi"],
            args.peer_dir,
            {**os.environ, "DJANGO_SETTINGS_MODULE": "peer_settings"},
        ),
    }
    try:
        for port, _process in servers.values():
            wait_until_up(port)
        results = run_all(args, servers, ours, peer)
    finally:
        for _port, process in servers.values():
            process.terminate()
            process.wait(timeout=30)
    print_table(results)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))


# --- set-up --------------------------------------------------------------------------------------
def set_up_peer(where: Path, tickets: int) -> dict[str, object]:
    """django-helpdesk in its own virtualenv and project under `where`, `tickets` tickets."""
    where.mkdir(parents=True, exist_ok=True)
    venv = where / "venv"
    if not (venv / "bin" / "gunicorn").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, f"django-helpdesk=={PEER_VERSION}", "gunicorn"], check=True)
    if os.environ.get("PEER_DATABASE_URL") and not list(venv.glob("lib/*/site-packages/psycopg")):
        pip = [str(venv / "bin" / "pip"), "install", "--quiet"]
        subprocess.run([*pip, "psycopg[binary]"], check=True)
    (where / "peer_settings.py").write_text(textwrap.dedent(PEER_SETTINGS))
    (where / "peer_urls.py").write_text(textwrap.dedent(PEER_URLS))
    (where / "peer_wsgi.py").write_text(
        "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'peer_settings')\n"
        "from django.core.wsgi import get_wsgi_application\napplication = "
        "get_wsgi_application()\n"
    )
    script = where / "peer_setup.py"
    script.write_text("import json\n" + textwrap.dedent(PEER_SETUP))
    done = subprocess.run(
        [str(venv / "bin" / "python"), str(script), str(tickets)],
        cwd=where,
        check=True,
        capture_output=True,
        text=True,
    )
    info: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return info


def set_up_ours() -> dict[str, object]:
    """A client contact with an API token and a portal session, an agent's session, a case."""
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need its manifest
    contact = (
        Contact.objects.filter(
            email__endswith="@scale.test",
            is_active=True,
            role=Contact.Role.USR,
            organization__contracts__plan__key__startswith="suscripcion",
        )
        .order_by("pk")
        .first()
    )
    if contact is None:
        sys.exit("No seeded client contact: run `tiquetera seed` first")
    if contact.user is None:
        contact.user = User.objects.create_user(f"bench-peer-{contact.pk}")
        contact.save(update_fields=["user"])
    agent = User.objects.filter(agent__isnull=False, is_active=True).order_by("pk").first()
    case = Case.objects.order_by("-pk").first()
    assert agent is not None and case is not None, "run `tiquetera seed` first"
    return {
        "token": issue_token(contact.user, name="bench", actor=contact.user)[1],
        "agent_token": issue_token(agent, name="bench", actor=agent)[1],
        "client_session": session_for(contact.user),
        "agent_session": session_for(agent),
        "case": case.number,
    }


def session_for(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def ours_env() -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "AXES_ENABLED": "false",
        "STATIC_ROOT": os.environ["STATIC_ROOT"],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, subprocess.Popen]:
    port = free_port()
    process = subprocess.Popen(
        [
            *command,
            *("--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
            *("--timeout", "300"),  # the peer's dashboard takes seconds, more on a busy machine
        ],
        cwd=cwd,
        env=env,
    )
    return port, process


def wait_until_up(port: int) -> None:
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing answered on port {port}")


# --- the scenarios -------------------------------------------------------------------------------
class Browser:
    """One client: a keep-alive connection and its cookies."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = dict(cookies or {})

    def send(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str, dict[str, str]]:
        sent = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=sent)
        response = self.connection.getresponse()
        text = response.read().decode(errors="replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text, dict(response.getheaders())

    def form_post(self, path: str, fields: dict[str, str], referer: str) -> int:
        body = urlencode(fields)
        status, _text, _headers = self.send(
            "POST",
            path,
            body.encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": referer,
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
            },
        )
        return status


def csrf(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, "the form carries its CSRF token"
    return found.group(1)


Scenario = Callable[[Browser], bool]


def scenarios(ours: dict, peer: dict) -> dict[str, tuple[int, dict[str, Callable]]]:
    """name: (clients, {side: (cookies, one request → did it answer as expected)})."""

    def ours_api(b: Browser) -> bool:
        status, _t, _h = b.send(
            "POST",
            "/api/v1/cases",
            json.dumps(API_CASE).encode(),
            {"Authorization": f"Bearer {ours['token']}", "Content-Type": "application/json"},
        )
        return status == 201

    def peer_api(b: Browser) -> bool:
        import base64

        auth = base64.b64encode(b"bench:bench").decode()
        ticket = {
            "queue": peer["queue"],
            "title": "No imprime la factura electrónica",
            "description": "Al imprimir la factura aparece el error E-501.",
            "submitter_email": "cliente@example.com",
            "priority": 3,
        }
        status, _t, _h = b.send(
            "POST",
            "/api/tickets/",
            json.dumps(ticket).encode(),
            {"Authorization": f"Basic {auth}", "Content-Type": "application/json"},
        )
        return status == 201

    def ours_form(b: Browser) -> bool:
        status, page, _h = b.send("GET", "/portal/cases/new/")
        token = re.search(r'name="form_token" value="([0-9a-f]{32})"', page)
        if status != 200 or token is None:
            return False
        fields = {**FORM_CASE, "form_token": token.group(1), "csrfmiddlewaretoken": csrf(page)}
        return b.form_post("/portal/cases/new/", fields, "http://127.0.0.1/portal/") == 302

    def peer_form(b: Browser) -> bool:
        status, page, _h = b.send("GET", "/tickets/submit/")
        if status != 200:
            return False
        fields = {
            "queue": str(peer["queue"]),
            "title": "No imprime la factura electrónica",
            "body": "Al imprimir la factura aparece el error E-501.",
            "priority": "3",
            "submitter_email": "cliente@example.com",
            "csrfmiddlewaretoken": csrf(page),
        }
        return b.form_post("/tickets/submit/", fields, "http://127.0.0.1/") == 302

    def ours_case(b: Browser) -> bool:
        return b.send("GET", f"/cases/{ours['case']}/")[0] == 200

    def peer_case(b: Browser) -> bool:
        return b.send("GET", f"/tickets/{peer['ticket']}/")[0] == 200

    def ours_queue(b: Browser) -> bool:
        status, page, _h = b.send("GET", "/queue/")
        return status == 200 and "data-queue-row" in page

    def peer_queue(b: Browser) -> bool:
        status, page, _h = b.send("GET", "/tickets/")
        found = re.search(r'"url": "(/datatables_ticket_list/[^"]+)"', page)
        if status != 200 or found is None:
            return False
        query = "draw=1&start=0&length=50&order%5B0%5D%5Bcolumn%5D=0&order%5B0%5D%5Bdir%5D=asc"
        status, data, _h = b.send("GET", f"{found.group(1)}?{query}")
        return status == 200 and '"data"' in data

    def ours_dashboard(b: Browser) -> bool:
        return b.send("GET", "/reports/dashboard/")[0] == 200

    def peer_dashboard(b: Browser) -> bool:
        return b.send("GET", "/dashboard/")[0] == 200

    def ours_list(b: Browser) -> bool:
        headers = {"Authorization": f"Bearer {ours['agent_token']}"}
        status, text, _h = b.send("GET", "/api/v1/cases?status=open&size=50", None, headers)
        return status == 200 and '"cases"' in text

    def peer_list(b: Browser) -> bool:
        import base64

        auth = base64.b64encode(b"bench:bench").decode()
        headers = {"Authorization": f"Basic {auth}"}
        return b.send("GET", "/api/tickets/?status=1", None, headers)[0] == 200

    return {
        "create through the REST API": (
            4,
            {"tiquetera": ({}, ours_api), "helpdesk": ({}, peer_api)},
        ),
        "create through the web form": (
            4,
            {
                "tiquetera": ({"sessionid": ours["client_session"]}, ours_form),
                "helpdesk": ({}, peer_form),
            },
        ),
        "one case page as an agent": (
            2,
            {
                "tiquetera": ({"sessionid": ours["agent_session"]}, ours_case),
                "helpdesk": ({"sessionid": peer["session"]}, peer_case),
            },
        ),
        "agents' queue, whole first page": (
            2,
            {
                "tiquetera": ({"sessionid": ours["agent_session"]}, ours_queue),
                "helpdesk": ({"sessionid": peer["session"]}, peer_queue),
            },
        ),
        "dashboard": (
            2,
            {
                "tiquetera": ({"sessionid": ours["agent_session"]}, ours_dashboard),
                "helpdesk": ({"sessionid": peer["session"]}, peer_dashboard),
            },
        ),
        "REST list of open cases": (
            2,
            {"tiquetera": ({}, ours_list), "helpdesk": ({}, peer_list)},
        ),
    }


def run_all(args: argparse.Namespace, servers: dict, ours: dict, peer: dict) -> dict:
    results: dict[str, dict[str, list[dict[str, float]]]] = {}
    for name, (clients, sides) in scenarios(ours, peer).items():
        if args.only and not any(words in name for words in args.only):
            continue
        results[name] = {side: [] for side in sides}
        for side, (cookies, one) in sides.items():  # warm-up: workers load code and templates
            timed(servers[side][0], cookies, one, clients, clients * 3, args.seconds)
        for round_ in range(args.rounds):
            for side, (cookies, one) in sides.items():  # A B A B
                port = servers[side][0]
                run = timed(port, cookies, one, clients, args.requests, args.seconds)
                results[name][side].append(run)
                print(
                    f"{name}, round {round_ + 1}, {side}: {run['rate']:.1f}/s, "
                    f"p50 {run['p50_ms']:.0f} ms, {run['errors']:.0f} errors",
                    flush=True,
                )
    return results


def timed(
    port: int, cookies: dict, one: Scenario, clients: int, requests: int, seconds: float
) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    left = [requests]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work() -> None:
        browser = Browser(port, cookies)
        while time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            start = time.perf_counter()
            try:
                ok = one(browser)
            except (OSError, http.client.HTTPException, AssertionError):
                ok = False
                browser = Browser(port, cookies)
            took = time.perf_counter() - start
            with lock:
                latencies.append(took)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=work) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rate": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
    }


def print_table(results: dict) -> None:
    print("\n| scenario | Tiquetera | django-helpdesk | ratio (rate) |")
    print("|---|---|---|---|")
    for name, sides in results.items():
        row = {}
        for side, runs in sides.items():
            row[side] = (
                statistics.median(r["rate"] for r in runs),
                statistics.median(r["p50_ms"] for r in runs),
                sum(r["errors"] for r in runs),
            )
        ours, peer = row["tiquetera"], row["helpdesk"]
        ratio = ours[0] / peer[0] if peer[0] else float("nan")
        print(
            f"| {name} | {ours[0]:.1f}/s · p50 {ours[1]:.0f} ms ({ours[2]} errors) | "
            f"{peer[0]:.1f}/s · p50 {peer[1]:.0f} ms ({peer[2]} errors) | {ratio:.2f} |"
        )


if __name__ == "__main__":
    main()
