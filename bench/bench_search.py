"""How long a search takes in the desk, whole request: median and p95 of 20 realistic queries.

    .venv/bin/python bench/bench_search.py [--cases 100000] [--runs 5]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tiquetera_bench \
        .venv/bin/python bench/bench_search.py --cases 1000000

Makes sure the database holds `--cases` cases (`tiquetera seed`, the same data as
`bench_desk.py`), then adds once a corpus the seed lacks — 2,000 cases with varied Spanish
subjects, descriptions and replies, organizations with NITs, contacts with phones — through
`bulk_create` (the search indexes follow the writes: PostgreSQL's expression indexes, SQLite's
FTS5 triggers). Signs in as a seeded agent and runs 20 searches an agent types (words with and
without accents, a case number whole and in part, a phone with spaces, a NIT with and without
its check digit, a name, an email) through Django's whole request cycle in this process,
`--runs` times after a warm-up. Prints each query's median and, over every run, the median and
the 95th percentile in milliseconds. Target (issue 14): p50 < 50 ms, p95 < 150 ms at 1M cases
on PostgreSQL, and on SQLite at 100k. Writes bench/results/search.json. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

import django

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiquetera.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from tiquetera.directory.models import Contact, Organization  # noqa: E402
from tiquetera.directory.validation import nit_check_digit  # noqa: E402
from tiquetera.policy.models import Policy  # noqa: E402
from tiquetera.tickets.models import Article, Case  # noqa: E402
from tiquetera.tickets.numbering import format_number  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "search.json"
CORPUS = 2_000
PREFIX = "BS"  # the corpus' case numbers: BS-2026-000001…
TARGET_P50_MS, TARGET_P95_MS = 50.0, 150.0

PROBLEMS = [
    ("No imprime la factura electrónica", "Al imprimir la factura aparece el error E-501."),
    ("Facturación bloqueada", "La facturación electrónica no envía el XML a la DIAN."),
    ("Nómina de diciembre", "La liquidación de nómina se detiene en el 80 %."),
    ("Conciliación bancaria", "La conciliación bancaria no cruza los extractos de octubre."),
    ("Inventario descuadrado", "El inventario muestra existencias negativas en bodega 2."),
    ("Certificado digital vencido", "El certificado digital de firma venció ayer."),
    ("Reporte de ventas lento", "El reporte de ventas tarda más de diez minutos."),
    ("No abre el módulo de contabilidad", "Al abrir contabilidad sale una pantalla en blanco."),
    ("Contraseña bloqueada", "El usuario quedó bloqueado tras tres intentos."),
    ("Cierre contable", "No deja hacer el cierre contable del mes."),
]
REPLIES = [
    "Reinstale el conector bancario y vuelva a intentar.",
    "Actualice a la versión 8.2, que corrige el error.",
    "Le enviamos el procedimiento para renovar el certificado.",
]


def corpus(policy: Policy) -> None:
    """The realistic part, made once (deterministic: same texts, numbers, NITs, phones)."""
    if Case.objects.filter(number_prefix=PREFIX).exists():
        return
    rng = random.Random(14)
    with transaction.atomic():
        organizations = [
            Organization.objects.create(
                policy=policy,
                legal_name=f"{name} {n} S.A.S.",
                tax_id=f"{900123450 + n}-{nit_check_digit(str(900123450 + n))}",
            )
            for n, name in enumerate(
                ["Hoteles Andinos", "Ferretería Central", "Clínica Norte"] * 10
            )
        ]
        contacts = [
            Contact.objects.create(
                organization=organizations[n % len(organizations)],
                name=name,
                email=f"{name.split()[0].lower()}.{n}@cliente.co",
                phone=f"+57310614{9900 + n:04d}",
                role="usr",
            )
            for n, name in enumerate(["María González", "Carlos Gómez", "Luisa Peña"] * 20)
        ]
        cases = []
        for n in range(1, CORPUS + 1):
            contact = rng.choice(contacts)
            subject, description = rng.choice(PROBLEMS)
            cases.append(
                Case(
                    number=format_number(PREFIX, 2026, n),
                    number_prefix=PREFIX,
                    policy=policy,
                    organization=contact.organization,
                    requester=contact,
                    channel="portal",
                    subject=subject,
                    description=description,
                    status="open",
                    intake=Case.Intake.ACCEPTED,
                )
            )
        made = Case.objects.bulk_create(cases, batch_size=500)
        Article.objects.bulk_create(
            [
                Article(case=case, kind="reply", body_text=rng.choice(REPLIES))
                for case in made
                if rng.random() < 0.5
            ],
            batch_size=500,
        )


def settle() -> None:
    """What the database does on its own soon after bulk writes: PostgreSQL's autovacuum empties
    the GIN indexes' pending lists (a search scans them row by row until then) and gathers
    statistics; SQLite's ANALYZE gathers them."""
    tables = ["tickets_case", "tickets_article", "directory_contact", "directory_organization"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)  # a fresh database works too
    have = Case.objects.exclude(number_prefix=PREFIX).count()
    if have < options.cases:
        print(f"Seeding {options.cases - have:,} cases (have {have:,})…")
        call_command("seed", cases=options.cases - have)
    agent = get_user_model().objects.filter(username__startswith="scale-").order_by("pk").first()
    assert agent is not None, "the seed makes agents"
    corpus(Policy.objects.get(slug="jq-systems"))
    settle()
    print(f"{Case.objects.count():,} cases on {connection.vendor}")
    seeded = Case.objects.exclude(number_prefix=PREFIX).order_by("-pk").first()
    queries = [
        "facturacion",
        "factura electrónica no imprime",
        "nomina diciembre",
        "error E-501",
        "conciliación bancaria",
        "inventario bodega",
        "certificado digital vencido",
        "reporte de ventas lento",
        "contabilidad pantalla en blanco",
        "contraseña bloqueada",
        "conector bancario",
        format_number(PREFIX, 2026, 1234),
        seeded.number if seeded else "JQ-2026-000001",
        "001234",
        "310 614 9907",
        "900.123.456",
        "900123456-8",
        "maria gonzalez",
        "carlos.1@cliente.co",
        "Scale 00042",
    ]
    browser = Client()
    browser.force_login(agent)
    per_query: dict[str, float] = {}
    every: list[float] = []
    for query in queries:
        response = browser.get("/search/", {"q": query})  # warm-up, and a check it works
        assert response.status_code in (200, 302), (query, response.status_code)
        times = []
        for _ in range(options.runs):
            start = time.perf_counter()
            browser.get("/search/", {"q": query})
            times.append((time.perf_counter() - start) * 1000)
        per_query[query] = statistics.median(times)
        every += times
        print(f"{query:<36} median {per_query[query]:7.1f} ms")
    every.sort()
    p50 = statistics.median(every)
    p95 = every[min(len(every) - 1, int(len(every) * 0.95))]
    print(f"all searches: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(
        f"target p50 < {TARGET_P50_MS:.0f} ms, p95 < {TARGET_P95_MS:.0f} ms: "
        f"{'met' if p50 < TARGET_P50_MS and p95 < TARGET_P95_MS else 'NOT met'}"
    )
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "vendor": connection.vendor,
                "cases": Case.objects.count(),
                "p50_ms": p50,
                "p95_ms": p95,
                "queries": per_query,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
