"""A simulation asked for from the desk (`simulation.stored`) is run by the worker once it
commits, keeps its report and nothing else (issue 19, "Nothing leaks out of a simulation"), and
is run once however many workers see it. Real transactions, as in production."""

import datetime as dt

import pytest

from tiquetera.policy.models import SimulationReport
from tiquetera.policy.simulation.stored import request_simulation, run_stored

from .simulation_world import customsoft_july, preset_text
from .test_simulate_leaves_nothing import _everything, _no_pending_commit_hooks

pytestmark = pytest.mark.django_db(transaction=True)
SMALLER = preset_text("customsoft").replace("total_cap = 14", "total_cap = 12", 1)


def test_a_stored_simulation_keeps_its_report_and_nothing_else():
    customsoft_july()
    before = _everything()

    stored = request_simulation(
        SMALLER,
        filename="customsoft.toml",
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 7, 31),
        actor=None,
    )  # committed: the worker (immediate in tests) has run it

    stored.refresh_from_db()
    assert stored.status == SimulationReport.Status.DONE and stored.report["cases"] == 15
    after = _everything()
    assert after["rows"].pop("policy.SimulationReport") == [stored.pk]
    before["rows"].pop("policy.SimulationReport")
    assert after == before
    _no_pending_commit_hooks()
    assert run_stored(stored.pk) is None  # another worker finds it taken: it runs once
