"""`tiquetera policy simulate FILE --from --to [--organization] [--json]`: the tables in Spanish,
the JSON report, and bad input refused before anything runs."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.tests.intake_world import preset

from .simulation_world import customsoft_july, preset_text

pytestmark = pytest.mark.django_db
JULY = ["--from", "2026-07-01", "--to", "2026-07-31"]


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


def test_simulate_prints_the_tables_and_writes_the_json(tmp_path, capsys):
    customsoft_july()
    policy = tmp_path / "customsoft.toml"
    policy.write_text(preset_text("customsoft").replace("total_cap = 14", "total_cap = 12", 1))
    report = tmp_path / "informe.json"

    call_command("policy", "simulate", str(policy), *JULY, "--json", str(report))

    out = capsys.readouterr().out
    assert "Resultados por motivo" in out
    assert "Casos cuyo resultado cambia" in out
    assert "Facturación por tipo" in out
    assert "servicio por evento" in out and "+3000.00" in out
    assert "Cumplimiento de los ANS" in out
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["cases"] == 15 and len(written["changed_cases"]) == 2


def test_a_file_with_errors_is_shown_with_its_lines_and_nothing_runs(tmp_path, capsys):
    customsoft_july()
    events = AuditEvent.objects.count()
    policy = tmp_path / "mala.toml"
    policy.write_text(preset_text("customsoft").replace("09:00-13:00", "13:00-09:00", 1))

    with pytest.raises(CommandError, match="No se simuló nada"):
        call_command("policy", "simulate", str(policy), *JULY)

    err = capsys.readouterr().err
    assert f"{policy}:" in err and "calendars.regular.hours" in err
    line = err.split(":")[1]
    assert line.isdigit()
    assert AuditEvent.objects.count() == events


def test_a_window_without_cases_says_so(tmp_path):
    customsoft_july()
    policy = tmp_path / "customsoft.toml"
    policy.write_text(preset_text("customsoft"))

    with pytest.raises(CommandError, match="no hay nada que simular"):
        call_command(
            "policy", "simulate", str(policy), "--from", "2026-01-01", "--to", "2026-01-31"
        )


def test_another_vendors_file_is_refused(tmp_path):
    customsoft_july()
    jq_client = OrganizationFactory(policy=preset("jq-systems"))
    policy = tmp_path / "customsoft.toml"
    policy.write_text(preset_text("customsoft"))

    with pytest.raises(CommandError, match="solo se puede simular para los clientes"):
        call_command("policy", "simulate", str(policy), *JULY, "--organization", jq_client.tax_id)


def test_a_file_for_a_policy_not_loaded_is_refused(tmp_path):
    customsoft_july()
    policy = tmp_path / "sisnova.toml"
    policy.write_text(preset_text("sisnova"))

    with pytest.raises(CommandError, match="no está cargada aquí"):
        call_command("policy", "simulate", str(policy), *JULY)
