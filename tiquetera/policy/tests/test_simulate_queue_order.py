"""Issue 19, "queue-order changes for the open cases": the window's cases still in the agents'
queue, in the queue's order (severity, plan, next SLA deadline) under the recorded clocks and
under the file's, and the cases whose place changes — in the CLI's table and its JSON."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from tiquetera.policy.simulation.queue_order import places
from tiquetera.policy.simulation.run import simulate

from .simulation_world import customsoft_queue_july, preset_text

pytestmark = pytest.mark.django_db
JULY = ["--from", "2026-07-01", "--to", "2026-07-31"]
# CustomSoft answers a question (consulta) within 10 minutes; the file gives it 35 business hours
SLOWER_QUESTIONS = preset_text("customsoft").replace(
    'case_type = "consulta"\nwithin = "10m"', 'case_type = "consulta"\nwithin = "35h"', 1
)


@pytest.fixture(autouse=True)
def spanish():
    with translation.override("es"):
        yield


def _rows(out: str, title: str) -> list[list[str]]:
    """The rows of the printed table `title` (cells split on runs of two spaces or more)."""
    lines = out.split("\n")
    start = lines.index(title) + 4  # title, underline, headers, rule
    rows = []
    for line in lines[start:]:
        if not line.strip() or line.startswith("Se escribió"):  # the next table, or --json's
            break
        rows.append([cell.strip() for cell in line.split("  ") if cell.strip()])
    return rows


def test_a_slower_answer_to_questions_moves_the_question_behind_the_older_incident(
    tmp_path, capsys
):
    """The P1 incident (8 July) leads both queues. Now the P2 question, due Tuesday 7 July at
    10:10, comes before the P2 incident, due Thursday 9 July at 13:00 (24 business hours from
    Monday 10:00: 6 + 7 + 7 + 4). With 35 hours the question is due Tuesday 14 July at 10:00
    (6 + 7 + 7 + 7 + 7 + 1): the incident goes up to 2nd, the question down to 3rd."""
    _contact, (incident, question, urgent) = customsoft_queue_july()
    assert preset_text("customsoft") != SLOWER_QUESTIONS
    policy = tmp_path / "customsoft.toml"
    policy.write_text(SLOWER_QUESTIONS)
    report = tmp_path / "informe.json"

    call_command("policy", "simulate", str(policy), *JULY, "--json", str(report))

    out = capsys.readouterr().out
    assert (
        "En la cola de los agentes al momento del informe: 3 según lo registrado, 3 con el archivo."
        in out
    )
    assert _rows(out, "Casos abiertos cuyo lugar en la cola cambia") == [
        [
            incident.number,
            incident.organization.legal_name,
            "P2",
            "3.º (2026-07-09T19:00:00+00:00)",
            "2.º (2026-07-09T19:00:00+00:00)",
            "sube 1",
        ],
        [
            question.number,
            question.organization.legal_name,
            "P2",
            "2.º (2026-07-07T16:10:00+00:00)",
            "3.º (2026-07-14T16:00:00+00:00)",
            "baja 1",
        ],
    ]
    written = json.loads(report.read_text(encoding="utf-8"))["queue"]
    assert (written["current"], written["proposed"]) == (3, 3)
    assert [(c["case"], c["current"], c["proposed"]) for c in written["changes"]] == [
        (incident.number, 3, 2),
        (question.number, 2, 3),
    ]
    assert urgent.number not in {c["case"] for c in written["changes"]}


def test_the_policy_in_use_changes_no_place_and_a_resolved_case_leaves_the_queue():
    _contact, (incident, question, urgent) = customsoft_queue_july()
    july = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 7, 31)}

    result = simulate(preset_text("customsoft"), filename="customsoft.toml", **july)

    assert places(result.current) == {urgent.number: 1, question.number: 2, incident.number: 3}
    assert places(result.proposed) == places(result.current)
