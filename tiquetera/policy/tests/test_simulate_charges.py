"""Issue 19, "charges and revenue by type … with the difference": what was billed after the
cases arrived — contractual time, on-site visits — as recorded beside the same work priced by
the file's rates (the live billing services, the file loaded in a rolled-back transaction), and
the plan fees of the window's months under each policy. Driven through `policy simulate`."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tiquetera.billing.fees import bill_plan_fees
from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_onsite_visit, log_time
from tiquetera.policy.simulation import charges
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.tests.intake_world import client, request

from .simulation_world import BOGOTA, JQ_DONE, customsoft_july, preset_text
from .test_simulate_queue_order import _rows

pytestmark = pytest.mark.django_db
TITLE = "Facturación por tipo"


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


def _simulate(tmp_path, capsys, text: str, start: str, end: str) -> tuple[list[list[str]], dict]:
    policy, report = tmp_path / "politica.toml", tmp_path / "informe.json"
    policy.write_text(text)
    call_command(
        "policy", "simulate", str(policy), "--from", start, "--to", end, "--json", str(report)
    )
    rows = _rows(capsys.readouterr().out, TITLE)
    return rows, json.loads(report.read_text(encoding="utf-8"))


def _row(rows: list[list[str]], text: str) -> list[str]:
    return next(row for row in rows if row[0] == text)


def test_jq_time_entries_priced_at_a_new_rate_and_whole_hours(tmp_path, capsys):
    """Seed 002: contractual time "por hora o fracción" at the year's rate. The preset bills
    95,000.00 COP an hour per started quarter: 70 minutes are 75 (118,750.00) and 20 are 30
    (47,500.00), 166,250.00 in all. At 100,000.00 per started hour they are 2 hours and 1 hour:
    300,000.00, 133,750.00 more."""
    organization, usr = client("jq-systems", plan="contractual")
    case = submit(
        request(
            usr,
            case_type="incidencia",
            severity="S3",
            fields={"application": "JQ Nómina", "module": "Liquidación"},
            prerequisites_done=JQ_DONE,
            received_at=dt.datetime(2026, 7, 6, 9, 0, tzinfo=BOGOTA),
        )
    )
    agent = AgentFactory()
    for minutes, day in ((70, 6), (20, 20)):
        log_time(
            organization,
            minutes,
            worked_on=dt.date(2026, 7, day),
            description="Urgencia atendida",
            actor=agent,
            reference=case.number,
        )
    text = preset_text("jq-systems").replace(
        'hourly_rate = "95000.00" # EXAMPLE\nbilling_fraction_minutes = 15',
        'hourly_rate = "100000.00"\nbilling_fraction_minutes = 60',
        1,
    )
    assert text != preset_text("jq-systems")

    rows, report = _simulate(tmp_path, capsys, text, "2026-07-01", "2026-07-31")

    assert _row(rows, "tiempo contractual") == [
        "tiempo contractual",
        "COP",
        "166250.00 (2)",
        "300000.00 (2)",
        "+133750.00",
    ]
    time = next(r for r in report["revenue"] if r["kind"] == "time")
    assert (time["current"], time["proposed"]) == ("166250.00", "300000.00")
    recorded = Charge.objects.filter(kind="time").values_list("net", flat=True)
    assert sum(recorded) == Decimal("166250.00")  # the current side is the ledger's


def test_customsoft_a_second_free_visit_a_month_takes_one_visit_off_the_bill(tmp_path, capsys):
    """Seed 001: "hasta 1 presencial por mes"; beyond it a visit costs the plan's on-site price
    (the preset's example: 1,500.00 MXN, no discounts). Three visits in July: the first free, two
    charged, 3,000.00. With two free visits a month only the third is charged: 1,500.00 less."""
    contact, _cases = customsoft_july()
    agent = AgentFactory()
    for day in (8, 15, 22):
        charge_onsite_visit(contact.organization, on=dt.date(2026, 7, day), actor=agent)
    text = preset_text("customsoft").replace(
        "total_cap = 14\nonsite_visits_per_month = 1", "total_cap = 14\nonsite_visits_per_month = 2"
    )
    assert text != preset_text("customsoft")

    rows, _report = _simulate(tmp_path, capsys, text, "2026-07-01", "2026-07-31")

    assert _row(rows, "visita en sitio") == [
        "visita en sitio",
        "MXN",
        "3000.00 (3)",
        "1500.00 (3)",
        "-1500.00",
    ]
    assert _row(rows, "servicio por evento")[-1] == "0.00"  # the arrivals bill as they did


def test_sisnova_plan_fees_of_the_window_months_under_each_price(tmp_path, capsys):
    """Seed 003 item 3: a WEB client's fee has the cloud's 40 % off. The monthly WEB plan at the
    preset's example 100.00 USD is 60.00 a month: July, August and September 2026, 180.00 —
    what the daily task billed. At 120.00 a month it is 72.00: 216.00, 36.00 more."""
    organization, usr = client("sisnova", plan="web-mensual", edition="WEB")
    submit(
        request(usr, case_type="soporte", received_at=dt.datetime(2026, 7, 7, 10, 0, tzinfo=BOGOTA))
    )
    for month in (7, 8, 9):
        bill_plan_fees(dt.date(2026, month, 1))
    text = preset_text("sisnova").replace(
        'cloud_discount_on_fee = true\nprice = "100.00"',
        'cloud_discount_on_fee = true\nprice = "120.00"',
        1,
    )
    assert text != preset_text("sisnova")

    rows, _report = _simulate(tmp_path, capsys, text, "2026-07-01", "2026-09-30")

    assert _row(rows, "cuota del plan") == [
        "cuota del plan",
        "USD",
        "180.00 (3)",
        "216.00 (3)",
        "+36.00",
    ]
    billed = Charge.objects.filter(organization=organization, kind="plan_fee")
    assert sorted(billed.values_list("net", flat=True)) == [Decimal("60.00")] * 3


def test_the_policy_in_use_prices_every_charge_as_recorded(tmp_path, capsys):
    """Identity: time, visits and fees priced by the file in use are what was billed."""
    contact, _cases = customsoft_july()
    agent = AgentFactory()
    for day in (8, 15, 22):
        charge_onsite_visit(contact.organization, on=dt.date(2026, 7, day), actor=agent)

    rows, report = _simulate(
        tmp_path, capsys, preset_text("customsoft"), "2026-07-01", "2026-07-31"
    )

    assert {row["kind"] for row in report["revenue"]} == {"per_event", "onsite_visit"}
    assert all(row["difference"] == "0.00" for row in report["revenue"])
    assert _row(rows, "visita en sitio")[2:4] == ["3000.00 (3)", "3000.00 (3)"]


def test_a_windows_visits_are_priced_in_as_many_queries_whatever_their_number():
    """Set-based: the window's visits, their plans and the visits each contract's month had
    before them are read once, not once a visit. Three visits in July, then six: the first of
    the month free (the preset's one a month), each other at 1,500.00 MXN."""
    contact, _cases = customsoft_july()
    organization, agent = contact.organization, AgentFactory()
    window = charges.Window(organization.policy, dt.date(2026, 7, 1), dt.date(2026, 7, 31), None)

    def priced(days: tuple[int, ...]) -> tuple[int, tuple[int, Decimal]]:
        for day in days:
            charge_onsite_visit(organization, on=dt.date(2026, 7, day), actor=agent)
        with CaptureQueriesContext(connection) as statements:
            totals = charges.priced(window)
        return len(statements), totals[("onsite_visit", "MXN")]

    three, three_visits = priced((8, 15, 22))
    six, six_visits = priced((9, 16, 23))

    assert three_visits == (3, Decimal("3000.00"))
    assert six_visits == (6, Decimal("7500.00"))
    assert six == three
