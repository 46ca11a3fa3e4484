"""Issue 19: a simulation keeps no live intake waiting (PostgreSQL, two connections). The replay
counts the entitlements in memory from where they stood when the window opened
(`policy.simulation.window.WindowStart`), so its transaction — open for the whole simulation —
holds no lock on the live counters: a case taken in meanwhile takes its ticket at once. (On
SQLite every writer waits for the one write lock anyway: not tested there.)"""

import datetime as dt
import threading

import pytest
from django.db import connection

from tiquetera.contracts.models import Consumption, EntitlementCounter
from tiquetera.policy.simulation.run import simulate
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import request

from .simulation_world import MEXICO, customsoft_updates_july, preset_text

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers: PostgreSQL"),
]


def test_a_case_taken_in_while_a_simulation_runs_takes_its_ticket_at_once():
    contact, _cases = customsoft_updates_july()  # three P2 tickets of Intermedia's five taken
    live: dict[str, object] = {}

    def take_one_in() -> None:  # another connection, as another web process would
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '5s'")  # waiting longer is the failure
            received = dt.datetime(2026, 7, 20, 10, 0, tzinfo=MEXICO)  # an email fetched late
            live["case"] = submit(
                request(contact, case_type="incidente", severity="P2", received_at=received)
            )
        except Exception as error:  # reported by the assertion below
            live["error"] = error
        finally:
            connection.close()

    def while_simulating(index: int, _case: Case) -> None:
        if index == 1:  # the simulation's transaction is open, its counts taken
            thread = threading.Thread(target=take_one_in)
            thread.start()
            thread.join(timeout=60)

    result = simulate(
        preset_text("customsoft"),
        filename="customsoft.toml",
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 7, 31),
        after_case=while_simulating,
    )

    assert "error" not in live, live.get("error")
    case = live["case"]
    assert isinstance(case, Case) and case.consumption is not None
    assert case.consumption.outcome == Consumption.Outcome.COVERED
    counter = EntitlementCounter.objects.get(pk=case.consumption.counter_id)
    assert counter.used == 4  # the live ticket kept; the simulation's counting rolled back
    assert result.proposed == result.current
