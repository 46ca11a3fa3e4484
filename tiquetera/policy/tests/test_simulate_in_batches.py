"""Issue 19: a window of any size is read in batches. A statement takes at most 32,766
parameters on SQLite and 65,535 on PostgreSQL, and a quarter of the bench data is 250,000 cases:
no list the simulation reads by (cases, organizations, contracts) goes in one IN (…) longer than
`facts.BATCH` (2,000). Proved with the batch lowered to 4 on a month of 15 cases, which then
comes out as recorded all the same."""

import datetime as dt
import re

import pytest
from django.db import connection

from tiquetera.policy.simulation import facts
from tiquetera.policy.simulation.run import simulate

from .simulation_world import customsoft_july, preset_text

pytestmark = pytest.mark.django_db
IN_LIST = re.compile(r"IN \(((?:%s, )*%s)\)")


def test_a_window_is_read_in_batches_of_at_most_the_batch_size(monkeypatch):
    _contact, cases = customsoft_july()
    monkeypatch.setattr(facts, "BATCH", 4)
    longest: list[int] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        longest.extend(found.count("%s") for found in IN_LIST.findall(sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        result = simulate(
            preset_text("customsoft"),
            filename="customsoft.toml",
            start=dt.date(2026, 7, 1),
            end=dt.date(2026, 7, 31),
        )

    assert len(result.current) == len(cases) == 15
    assert result.proposed == result.current
    assert longest and max(longest) <= 4
