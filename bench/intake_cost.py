"""What one intake costs in this process: statements and CPU per case, through the REST API
and through the portal's form, on the database DATABASE_URL names (SQLite by default).

    .venv/bin/python bench/intake_cost.py [--cases 100] [--profile 25]

Uses a database filled by `tiquetera seed` (any size). Signs a seeded client contact of an
organization on a subscription plan in (an API token, a portal session), then posts complete
JQ incidencias through Django's test client, the whole request cycle (middleware, view,
pipeline, response) with DEBUG off: first `--cases` counted with `CaptureQueriesContext`
(statements per intake, and how many of them write), then `--cases` more timed by CPU
(`time.process_time`): the whole request, and the part spent inside transactions — on
SQLite, whose BEGIN IMMEDIATE takes the database's write lock, the time other writers wait.
`--sql` prints one intake's statements first. With `--profile N`, the N costliest functions
of a few more runs under cProfile (CPU time). Scenarios: `api`, `portal` (the form's GET then
its POST), `portal_get` and `portal_post` (the POST alone: its GET is run first, not counted);
`--only NAME` (repeatable) runs some of them.
Every answer must be a 201 (API) or a redirect to the new case (portal). Writes
bench/results/intake_cost.json. Not a test; compare versions on one database, one after the
other.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import django

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("STATIC_ROOT", "/tmp/tiquetera-bench-static")  # collected below
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tiquetera.api.tokens import issue_token  # noqa: E402
from tiquetera.directory.models import Contact  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "intake_cost.json"
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
    "prerequisites": ["0"],
    "subject": "No imprime la factura electrónica",
    "description": "Al imprimir la factura aparece el error E-501.",
}
WRITES = ("INSERT", "UPDATE", "DELETE", "BEGIN", "SAVEPOINT", "RELEASE")
HELD: list[float] = []  # CPU ms inside each outermost transaction (SQLite: the write lock)


def _time_transactions() -> None:
    """Note the CPU time spent inside every outermost `transaction.atomic` block: on SQLite
    (BEGIN IMMEDIATE) the time this process holds the database's write lock."""
    enter, exit_ = transaction.Atomic.__enter__, transaction.Atomic.__exit__
    started: list[float] = []

    def timed_enter(self: transaction.Atomic) -> None:
        if not transaction.get_connection(self.using).in_atomic_block:
            started.append(time.process_time())
        enter(self)

    def timed_exit(self: transaction.Atomic, *exc: object) -> None:
        exit_(self, *exc)
        if started and not transaction.get_connection(self.using).in_atomic_block:
            HELD.append((time.process_time() - started.pop()) * 1000)

    transaction.Atomic.__enter__ = timed_enter  # type: ignore[method-assign]
    transaction.Atomic.__exit__ = timed_exit  # type: ignore[method-assign,assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--profile", type=int, default=0, help="show the N costliest functions")
    parser.add_argument("--sql", action="store_true", help="print one intake's statements")
    parser.add_argument("--only", action="append", default=[], help="api, portal, portal_get…")
    args = parser.parse_args()
    call_command("collectstatic", interactive=False, verbosity=0)  # pages need its manifest
    _time_transactions()
    setup_test_environment()  # the test client's responses, and ALLOWED_HOSTS for it
    contact = _contact()
    token = issue_token(contact.user, name="bench", actor=contact.user)[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    portal = Client()
    portal.force_login(contact.user)

    def by_api() -> None:
        response = api.post("/api/v1/cases", API_CASE, content_type="application/json")
        assert response.status_code == 201, response.content[:500]

    def form_page() -> str:
        page = portal.get("/portal/cases/new/").content.decode()
        token = re.search(r'name="form_token" value="([0-9a-f]{32})"', page)
        assert token, "the form carries its one-time token"
        return token[1]

    def form_post(token: str) -> None:
        response = portal.post("/portal/cases/new/", {**FORM_CASE, "form_token": token})
        assert response.status_code == 302, response.content.decode()[-3000:]

    def by_form() -> None:
        form_post(form_page())

    def form_get() -> None:
        assert portal.get("/portal/cases/new/").status_code == 200

    results = {"database": connection.vendor, "cases": args.cases}
    scenarios: list[tuple[str, Callable[..., None], Callable[[], tuple[str, ...]]]] = [
        ("api", by_api, tuple),
        ("portal", by_form, tuple),
        ("portal_get", form_get, tuple),
        ("portal_post", form_post, lambda: (form_page(),)),  # the page's GET not counted
    ]
    for name, run, before in scenarios:
        if args.only and name not in args.only:
            continue
        run(*before())  # warm-up: templates, caches, connections
        if args.sql:
            _print_statements(name, run, before)
        results[name] = _measure(name, run, before, args.cases, args.profile)
    print(
        f"\n{connection.vendor}: portal = its form page (GET) + the submission (POST); "
        "statements and CPU per intake."
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))


def _contact() -> Contact:
    contacts = Contact.objects.filter(
        email__endswith="@scale.test",
        is_active=True,
        role=Contact.Role.USR,
        organization__contracts__plan__key__startswith="suscripcion",
    ).distinct()
    contact = contacts.select_related("organization").order_by("pk").first()
    if contact is None:
        sys.exit("No seeded USR contact on a subscription plan: run `tiquetera seed` first")
    if contact.user is None:
        contact.user = User.objects.create_user(f"bench-cost-{contact.pk}")
        contact.save(update_fields=["user"])
    return contact


def _print_statements(
    name: str, run: Callable[..., None], before: Callable[[], tuple[str, ...]]
) -> None:
    given = before()
    with CaptureQueriesContext(connection) as captured:
        run(*given)
    print(f"--- {name}: {len(captured.captured_queries)} statements")
    for number, query in enumerate(captured.captured_queries, 1):
        print(f"{number:3}. {query['sql'][:300]}")


def _measure(
    name: str,
    run: Callable[..., None],
    before: Callable[[], tuple[str, ...]],
    cases: int,
    top: int,
) -> dict[str, float]:
    """`run(*before())` `cases` times counted, `cases` times timed (`before` not measured)."""
    counts, writes = [], []
    for _ in range(cases):
        given = before()
        with CaptureQueriesContext(connection) as captured:
            run(*given)
        counts.append(len(captured.captured_queries))
        writes.append(
            sum(
                1 for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
            )
        )
    cpu, held = [], []
    for _ in range(cases):
        given = before()
        HELD.clear()
        start = time.process_time()
        run(*given)
        cpu.append((time.process_time() - start) * 1000)
        held.append(sum(HELD))
    row = {
        "statements": statistics.median(counts),
        "writing": statistics.median(writes),
        "cpu_ms_p50": round(statistics.median(cpu), 2),
        "cpu_ms_mean": round(statistics.fmean(cpu), 2),
        "in_transactions_ms_p50": round(statistics.median(held), 2),
    }
    print(
        f"{name:11} {row['statements']:5.0f} statements ({row['writing']:.0f} writing or "
        f"transaction), CPU {row['cpu_ms_p50']:6.2f} ms p50, {row['cpu_ms_mean']:6.2f} ms mean, "
        f"{row['in_transactions_ms_p50']:6.2f} ms of it in transactions"
    )
    if top:
        profile = cProfile.Profile(time.process_time)
        for _ in range(max(1, cases // 5)):
            given = before()
            profile.enable()
            run(*given)
            profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
        print(out.getvalue())
    return row


if __name__ == "__main__":
    main()
