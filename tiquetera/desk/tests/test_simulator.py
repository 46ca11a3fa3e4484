"""The Simulador (issue 19): who may change the policy pastes or edits a file, chooses a window
and runs it in the worker (immediate in tests); the report page shows each table with its chart
and a CSV of the same rows. A file with problems shows them beside their lines and nothing runs;
an empty window, another vendor's file or organization are refused on the form."""

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tiquetera.audit.models import AuditEvent
from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import SimulationReport
from tiquetera.policy.revisions import load_file
from tiquetera.policy.schema import read_policy
from tiquetera.policy.simulation.stored import run_stored
from tiquetera.policy.simulation.tables import tables
from tiquetera.policy.tests.simulation_world import (
    BOGOTA,
    JQ_DONE,
    customsoft_july,
    jq_s2_july,
    preset_text,
)
from tiquetera.testing.factories import AgentFactory, OrganizationFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.services import change_status
from tiquetera.tickets.tests.intake_world import client, preset, request

pytestmark = pytest.mark.django_db
URL = reverse("desk:simulator") + "?policy=customsoft"
JULY = {"start": "2026-07-01", "end": "2026-07-31"}
TWELVE = preset_text("customsoft").replace("total_cap = 14", "total_cap = 12", 1)


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


@pytest.fixture
def admin_client(db) -> Client:
    """An agent who may change the policy (the configuration's right)."""
    lead = AgentFactory(username="jefa", first_name="Marta")
    lead.user_permissions.add(
        Permission.objects.get(content_type__app_label="policy", codename="change_policy")
    )
    browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    browser.force_login(lead)
    return browser


def _post(browser: Client, text: str, **values: str):  # type: ignore[no-untyped-def]
    return browser.post(URL, {"text": text, "organization": "", **JULY, **values})


def test_only_who_may_change_the_policy_opens_the_simulator(agent_client, outsider_client, client):
    preset("customsoft")
    done = SimulationReport.objects.create(
        policy=preset("customsoft"),
        filename="x.toml",
        text="",
        checksum="0" * 64,
        start="2026-07-01",
        end="2026-07-31",
        requested_at="2026-12-01T10:00:00Z",
        status=SimulationReport.Status.DONE,
        report=None,
    )
    pages = [
        URL,
        reverse("desk:simulation", args=[done.pk]),
        reverse("desk:simulation_status", args=[done.pk]),
        reverse("desk:simulation_csv", args=[done.pk, "outcomes"]),
    ]
    for page in pages:
        assert agent_client.get(page).status_code == 403, page  # an agent without the right
        assert outsider_client.get(page).status_code == 403, page  # a client's user
        assert client.get(page).status_code == 302, page  # to the sign-in page
    assert agent_client.post(URL, {"text": TWELVE, **JULY}).status_code == 403
    assert SimulationReport.objects.count() == 1


def test_the_form_holds_the_policy_in_force_and_the_policys_organizations(admin_client):
    customsoft_july()  # the preset loaded without a revision: the form shows its dump
    other_vendor = OrganizationFactory(policy=preset("jq-systems"), legal_name="Otra Empresa SAS")

    page = admin_client.get(URL)

    assert page.status_code == 200
    dumped = page.context["form"]["text"].value()
    assert dumped == dump_policy(preset("customsoft")) and "total_cap = 14" in dumped
    choices = dict(page.context["form"].fields["organization"].choices)
    assert other_vendor.tax_id not in choices and len(choices) == 2  # all, and the one client
    assert "Simulador" in page.content.decode()

    load_file(read_policy("customsoft"))  # now a revision is in force: its very file
    in_force = admin_client.get(URL).context["form"]["text"].value()
    assert in_force == preset_text("customsoft") and in_force.startswith("# CustomSoft")


def test_the_form_as_it_opens_simulates_the_last_30_days(admin_client):
    """The policy in force has no effective_from: "Simular" on the form as it came answered
    "Indique el primer día del periodo" — the first try of every administrator."""
    customsoft_july()
    _organization, usr = client("customsoft", plan="basica", email="luis@clinica.mx")
    submit(request(usr, case_type="incidente", severity="P1", received_at=None))  # this week
    form = admin_client.get(URL).context["form"]
    start = form["start"].value()
    assert start == timezone.localdate() - dt.timedelta(days=30)

    response = admin_client.post(
        URL,
        {"text": form["text"].value(), "start": start.isoformat(), "end": "", "organization": ""},
    )

    assert response.status_code == 302, response.content.decode()
    report = SimulationReport.objects.get()
    assert response["Location"] == reverse("desk:simulation", args=[report.pk])
    assert (report.start, report.end) == (start, timezone.localdate())


def test_an_uploaded_file_wins_over_the_text_box(admin_client):
    customsoft_july()
    broken = preset_text("customsoft").replace("09:00-13:00", "13:00-09:00", 1)
    upload = SimpleUploadedFile("mala.toml", broken.encode(), content_type="application/toml")

    response = admin_client.post(URL, {"text": TWELVE, "upload": upload, **JULY})

    assert "no se simuló nada" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert SimulationReport.objects.count() == 0


def test_a_change_runs_in_the_worker_and_the_report_shows_tables_charts_and_csvs(
    admin_client, django_capture_on_commit_callbacks
):
    customsoft_july()

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(admin_client, TWELVE.replace("\n", "\r\n"))  # as a browser sends it

    stored = SimulationReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "desk:simulation", args=[stored.pk]
    )
    assert stored.status == SimulationReport.Status.DONE, stored.error
    assert stored.text == TWELVE  # line endings as a file's, so --simulated finds it
    assert stored.report["cases"] == 15 and len(stored.report["changed_cases"]) == 2
    page = admin_client.get(response["Location"]).content.decode()
    assert "Casos cuyo resultado cambia" in page and "Facturación por tipo" in page
    # outcomes, tickets, billing, SLA per severity and per organization; the lists have none
    assert page.count("<canvas") == 5
    assert page.count(">CSV</a>") == 8
    assert "+3.000,00" in page and "+3000.00" not in page  # as people write it; the CSV: as is
    assert "casos recibidos entre 1 jul 2026 y 31 jul 2026" in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page.split("<main", 1)[1])

    revenue = admin_client.get(reverse("desk:simulation_csv", args=[stored.pk, "revenue"]))
    rows = list(csv.reader(io.StringIO(revenue.content.decode())))
    table = next(t for t in tables(stored.report) if t.key == "revenue")
    assert rows == [table.headers, *table.rows]
    per_event = next(r for r in stored.report["revenue"] if r["kind"] == "per_event")
    assert [per_event["currency"], per_event["difference"]] == ["MXN", "3000.00"]
    assert rows[1][1:] == ["MXN", "1500.00 (1)", "4500.00 (3)", "+3000.00"]
    changed = admin_client.get(reverse("desk:simulation_csv", args=[stored.pk, "changed-cases"]))
    numbers = [row[0] for row in csv.reader(io.StringIO(changed.content.decode()))][1:]
    assert numbers == [case["case"] for case in stored.report["changed_cases"]]

    listing = admin_client.get(URL).content.decode()
    assert reverse("desk:simulation", args=[stored.pk]) in listing and "terminada" in listing
    again = admin_client.get(f"{URL}&again={stored.pk}")  # "Edit this file and simulate again"
    assert again.context["form"]["text"].value() == TWELVE


def test_a_file_with_problems_shows_them_beside_their_lines_and_nothing_runs(admin_client):
    customsoft_july()
    events = AuditEvent.objects.count()
    broken = preset_text("customsoft").replace("09:00-13:00", "13:00-09:00", 1)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if "13:00-09:00" in text)

    response = _post(admin_client, broken)

    page = response.content.decode()
    assert response.status_code == 200
    assert "no se simuló nada" in page
    assert f"Línea {line}" in page and "13:00-09:00" in page
    assert "calendars.regular.hours" in page
    assert SimulationReport.objects.count() == 0
    assert AuditEvent.objects.count() == events


def test_a_window_without_cases_says_so(admin_client):
    customsoft_july()

    response = _post(admin_client, TWELVE, start="2026-01-01", end="2026-01-31")

    assert "no hay nada que simular" in response.content.decode()
    assert SimulationReport.objects.count() == 0


def test_another_vendors_file_or_organization_is_refused(admin_client):
    customsoft_july()
    jq_client = OrganizationFactory(policy=preset("jq-systems"))

    for_jq = _post(admin_client, preset_text("jq-systems"))
    jq_organization = _post(admin_client, TWELVE, organization=jq_client.tax_id)

    assert "el archivo es de la política «jq-systems»" in for_jq.content.decode().lower()
    assert jq_organization.context["form"].errors["organization"]
    assert SimulationReport.objects.count() == 0


def test_the_page_polls_while_the_worker_runs_and_shows_why_a_run_failed(admin_client):
    customsoft_july()
    stored = SimulationReport.objects.create(
        policy=preset("customsoft"),
        filename="customsoft.toml",
        text=TWELVE,
        checksum="0" * 64,
        start="2026-01-01",  # emptied since it was asked for: the run refuses
        end="2026-01-31",
        requested_at="2026-12-01T10:00:00Z",
    )
    page = admin_client.get(reverse("desk:simulation", args=[stored.pk])).content.decode()
    status_url = reverse("desk:simulation_status", args=[stored.pk])
    assert f'hx-get="{status_url}"' in page and "en cola" in page
    assert "HX-Refresh" not in admin_client.get(status_url)

    run_stored(stored.pk)

    assert admin_client.get(status_url)["HX-Refresh"] == "true"
    page = admin_client.get(reverse("desk:simulation", args=[stored.pk])).content.decode()
    assert "La simulación no se ejecutó" in page and "no hay nada que simular" in page
    assert "hx-get" not in page.split('id="simulation-status"')[1].split(">")[0]


def test_sla_compliance_per_organization_on_the_page_and_its_csv(
    admin_client, django_capture_on_commit_callbacks
):
    """Seed 002: JQ's S2 resolution from 7 working days to 5. The client of jq_s2_july had its
    three S2 cases solved on time; with 5 days two of them are late (test_simulate_differences).
    Another client's case, solved in 3 days, stays on time: each organization has its row."""
    usr, _cases = jq_s2_july()
    _other, contact = client("jq-systems", plan="suscripcion-1", email="luis@otrocliente.co")
    received = dt.datetime(2026, 7, 6, 9, 0, tzinfo=BOGOTA)
    case = submit(
        request(
            contact,
            case_type="incidencia",
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=JQ_DONE,
            received_at=received,
        )
    )
    agent = AgentFactory(username="soporte2")
    change_status(case, "resolved", actor=agent, at=received + dt.timedelta(days=3))
    five_days = preset_text("jq-systems").replace(
        'severity = "S2"\nwithin = "49h"', 'severity = "S2"\nwithin = "35h"'
    )

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("desk:simulator") + "?policy=jq-systems",
            {"text": five_days, "organization": "", **JULY},
        )

    stored = SimulationReport.objects.get()
    assert stored.status == SimulationReport.Status.DONE, stored.error
    page = admin_client.get(reverse("desk:simulation", args=[stored.pk])).content.decode()
    assert "Cumplimiento de los ANS por organización" in page
    assert "Relojes vencidos por organización y objetivo" in page  # its chart
    response = admin_client.get(
        reverse("desk:simulation_csv", args=[stored.pk, "sla-organizations"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    solved = [row for row in rows if row[1] == "solución"]
    assert solved == [
        [
            usr.organization.legal_name,
            "solución",
            "0 de 3 vencidos (100.0 % a tiempo)",
            "2 de 3 vencidos (33.3 % a tiempo)",
            "+2",
        ],
        [
            contact.organization.legal_name,
            "solución",
            "0 de 1 vencidos (100.0 % a tiempo)",
            "0 de 1 vencidos (100.0 % a tiempo)",
            "0",
        ],
    ]
    assert rows[0] == ["Organización", "Objetivo", "Actual", "Propuesta", "Diferencia de vencidos"]


def test_a_simulation_whose_worker_died_shows_as_failed_saying_why(admin_client):
    """A run still "en curso" an hour (SIMULATION_TIME_LIMIT) after a worker took it had its
    worker killed: its page says so instead of waiting for ever. A younger run still waits."""
    policy = preset("customsoft")
    now = timezone.now()

    def running(started: dt.datetime) -> SimulationReport:
        return SimulationReport.objects.create(
            policy=policy,
            filename="customsoft.toml",
            text=TWELVE,
            checksum="0" * 64,
            start="2026-07-01",
            end="2026-07-31",
            requested_at=started,
            started_at=started,
            status=SimulationReport.Status.RUNNING,
        )

    dead, alive = running(now - dt.timedelta(minutes=61)), running(now - dt.timedelta(minutes=5))

    page = admin_client.get(reverse("desk:simulation", args=[dead.pk])).content.decode()

    assert "La simulación no se ejecutó:" in page
    assert "se detuvo antes de terminar: lleva más de 60 minutos en curso" in page
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == SimulationReport.Status.FAILED and dead.finished_at is not None
    assert alive.status == SimulationReport.Status.RUNNING
    status = admin_client.get(reverse("desk:simulation_status", args=[alive.pk]))
    assert "HX-Refresh" not in status  # it keeps polling
