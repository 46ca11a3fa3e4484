"""`policy simulate` without `--from` takes a dated file's `effective_from` (the window since its
date, to today), and `policy load --simulated ID` loads a file only when that finished
simulation was of this very file (docs/policy.md, "Simular un cambio")."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tiquetera.contracts.models import Plan
from tiquetera.policy.models import SimulationReport
from tiquetera.policy.revisions import checksum
from tiquetera.policy.simulation.stored import request_simulation, run_stored

from .simulation_world import customsoft_july, preset_text

pytestmark = pytest.mark.django_db
TWELVE = preset_text("customsoft").replace("total_cap = 14", "total_cap = 12", 1)


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


def dated(text: str, day: str) -> str:
    return text.replace(
        'time_zone = "America/Mexico_City"\n',
        f'time_zone = "America/Mexico_City"\neffective_from = {day}\n',
        1,
    )


def test_a_dated_file_is_simulated_from_its_date_to_today_by_default(tmp_path):
    customsoft_july()  # a case every weekday at 10:00 from 1 July: 15 to the 21st
    policy = tmp_path / "desde-el-15.toml"
    policy.write_text(dated(TWELVE, "2026-07-15"), encoding="utf-8")
    report = tmp_path / "informe.json"

    call_command("policy", "simulate", str(policy), "--json", str(report))

    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["from"] == "2026-07-15"
    assert written["cases"] == 5  # the 15th, 16th, 17th, 20th and 21st


def test_a_file_dated_ahead_or_undated_needs_the_first_day(tmp_path):
    customsoft_july()
    ahead = tmp_path / "futura.toml"
    ahead.write_text(dated(TWELVE, "2099-07-01"), encoding="utf-8")
    undated = tmp_path / "sin-fecha.toml"
    undated.write_text(TWELVE, encoding="utf-8")

    with pytest.raises(CommandError, match="1 jul 2099, que todavía no llega"):
        call_command("policy", "simulate", str(ahead))
    with pytest.raises(CommandError, match="Indique el primer día del periodo"):
        call_command("policy", "simulate", str(undated), "--to", "2026-07-31")


def test_load_simulated_needs_a_finished_simulation_of_the_same_file(
    tmp_path, django_capture_on_commit_callbacks
):
    customsoft_july()
    policy = tmp_path / "customsoft.toml"
    policy.write_text(TWELVE, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=False):
        queued = request_simulation(
            TWELVE, filename="customsoft.toml", start=_day(1), end=_day(31), actor=None
        )
    other = SimulationReport.objects.create(
        policy=queued.policy,
        filename="otra.toml",
        text="",
        checksum=checksum(preset_text("customsoft")),
        start=_day(1),
        end=_day(31),
        requested_at=queued.requested_at,
        status=SimulationReport.Status.DONE,
    )

    with pytest.raises(CommandError, match="No existe la simulación 999"):
        call_command("policy", "load", str(policy), "--simulated", "999")
    with pytest.raises(CommandError, match="está en cola, no terminada"):
        call_command("policy", "load", str(policy), "--simulated", str(queued.pk))
    with pytest.raises(CommandError, match="fue de otro archivo"):
        call_command("policy", "load", str(policy), "--simulated", str(other.pk))
    assert Plan.objects.get(policy__slug="customsoft", key="intermedia").total_cap == 14

    run_stored(queued.pk)
    call_command("policy", "load", str(policy), "--simulated", str(queued.pk))

    assert Plan.objects.get(policy__slug="customsoft", key="intermedia").total_cap == 12


def _day(day: int) -> dt.date:
    return dt.date(2026, 7, day)
