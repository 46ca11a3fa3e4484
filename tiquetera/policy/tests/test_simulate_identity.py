"""Issue 19, "Identity": simulating the policy in use reproduces exactly what was recorded —
every outcome, consumption, charge, deadline and met/breached — on generated months."""

import datetime as dt

import pytest

from tiquetera.policy.simulation import report
from tiquetera.policy.simulation.report import simulate

from .simulation_world import (
    customsoft_credit_july,
    customsoft_july,
    customsoft_updates_july,
    jq_behind_july,
    jq_s2_july,
    preset_text,
    soho_july,
)

pytestmark = pytest.mark.django_db
JULY = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 7, 31)}


@pytest.mark.parametrize(
    ("preset", "world"),
    [
        ("customsoft", customsoft_july),
        ("customsoft", customsoft_updates_july),  # every agent's reply restarts the update clock
        ("customsoft", customsoft_credit_july),  # a ticket given back leaves room for later cases
        ("jq-systems", jq_s2_july),
        ("jq-systems", jq_behind_july),  # payments judged as they were when each case arrived
        ("soho-apps", soho_july),
    ],
)
def test_simulating_the_policy_in_use_reproduces_what_was_recorded(preset, world):
    _contact, cases = world()

    result = simulate(preset_text(preset), filename=f"{preset}.toml", **JULY)

    assert [f.number for f in result.current] == [c.number for c in cases]
    assert result.proposed == result.current  # every field of every case, clocks included
    assert any(f.clocks for f in result.current)
    built = report.build(result)
    assert built["changed_cases"] == [] and built["sla_changes"] == []
    assert all(row["difference"] == 0 for row in built["outcomes"] + built["sla"])
    assert all(row["difference"] == "0.00" for row in built["revenue"])
