"""Issue 19 at bench scale: a quarter of the bench data is 250,000 cases, and a change can
touch most of them. The lists of cases the report holds (outcomes, deadlines and places in the
queue that change) keep every row in the JSON and the CSV; the command line and the page show
the first `SHOWN`, the most significant first, and say how many there are in all. Built from a
generated `Simulation` (no database: the report's comparison is plain data)."""

import datetime as dt

from django.utils import translation

from tiquetera.policy.simulation import report
from tiquetera.policy.simulation.facts import CaseFacts, ClockFacts
from tiquetera.policy.simulation.run import Simulation
from tiquetera.policy.simulation.tables import SHOWN, render, tables

START = dt.datetime(2026, 7, 1, 15, 0, tzinfo=dt.UTC)
CASES = 20_000  # bench/bench_simulation_report.py times 250,000


def _facts(index: int, *, proposed: bool) -> CaseFacts:
    """Case `index`: every 4th is refused under the file, every 2nd has its resolution due a
    day (every 10th: ten days) later under it — late from the 10th on."""
    refused = proposed and index % 4 == 0
    days = (10 if index % 10 == 0 else 1) if proposed and index % 2 == 0 else 0
    due = START + dt.timedelta(minutes=index, days=5 + days)
    clock = ClockFacts("resolution", "regular", 2940, due, "met", days == 10)
    return CaseFacts(
        number=f"JQ-2026-{index:06d}",
        organization=f"Cliente {index % 50}",
        received_at=START + dt.timedelta(minutes=index),
        case_type="incidencia",
        severity="S2",
        priority="P2",
        status="new",
        intake="refused" if refused else "accepted",
        reason="out_of_scope" if refused else "",
        rule="scope" if refused else "",
        consumption="" if refused else "covered",
        plan="" if refused else "corporativo",
        kind="",
        amount=None,
        currency="",
        clocks=() if refused else (clock,),
        queue_key=None,
    )


def _report(cases: int) -> dict:
    sim = Simulation(
        "jq-systems",
        "jq.toml",
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        "",
        START + dt.timedelta(days=200),
        [_facts(n, proposed=False) for n in range(cases)],
        [_facts(n, proposed=True) for n in range(cases)],
    )
    return {
        "policy": sim.slug,
        "file": sim.filename,
        "from": "2026-07-01",
        "to": "2026-09-30",
        "cases": cases,
        "outcomes": report.outcomes(sim),
        "changed_cases": report.changed_cases(sim),
        "entitlements": report.entitlements(sim),
        "revenue": [],
        "sla": report.sla(sim),
        "sla_organizations": report.sla_by_organization(sim),
        "sla_changes": report.sla_changes(sim),
        "queue": {"current": 0, "proposed": 0, "changes": []},
    }


def test_the_lists_show_their_first_rows_most_significant_first_and_count_them_all():
    built = _report(1_000)
    # every 4th refused: 250 changed; the other even ones move: 250 deadlines, 50 turn late
    assert len(built["changed_cases"]) == 250
    deadlines = built["sla_changes"]
    assert len(deadlines) == 250
    # the 50 that turn late first (ten days later), in arrival order; then the one-day moves
    assert [row["proposed"]["late"] for row in deadlines[:51]] == [True] * 50 + [False]
    assert deadlines[0]["case"] == "JQ-2026-000010" and deadlines[50]["case"] == "JQ-2026-000002"

    with translation.override("es"):
        shown = {table.key: table for table in tables(built, limit=100)}
        everything = {table.key: table for table in tables(built)}
        text = render(built, limit=100)

    assert len(shown["changed-cases"].rows) == 100 and shown["changed-cases"].total == 250
    assert shown["changed-cases"].hidden == 150
    assert len(everything["changed-cases"].rows) == 250 and everything["changed-cases"].hidden == 0
    assert shown["sla-changes"].rows == everything["sla-changes"].rows[:100]
    assert shown["outcomes"].rows == everything["outcomes"].rows  # the sums are never cut
    assert text.count("… y 150 más (250 en total): --json ARCHIVO escribe todas las filas.") == 2
    assert "JQ-2026-000400" not in text.split("Plazos que cambian")[0]  # the 101st changed case


def test_a_large_window_prints_its_first_rows_of_each_list_not_all():
    """20,000 cases, 5,000 changed outcomes and 5,000 moved deadlines: the command prints
    2 x `SHOWN` rows of them, not 10,000 (the time it takes at 250,000 cases is
    bench/bench_simulation_report.py's)."""
    built = _report(CASES)
    with translation.override("es"):
        text = render(built)

    changed = CASES // 4
    assert len(built["changed_cases"]) == changed and len(built["sla_changes"]) == changed
    assert len(text.splitlines()) < 3 * SHOWN
    assert f"… y {changed - SHOWN} más ({changed} en total)" in text
