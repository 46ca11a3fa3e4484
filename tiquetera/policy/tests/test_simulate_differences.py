"""Issue 19: differences checked by hand — what a changed policy would have made of July 2026."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from tiquetera.billing.models import Charge
from tiquetera.contracts.models import Consumption
from tiquetera.contracts.services.offers import accept_offer, decline_offer
from tiquetera.policy.simulation import report
from tiquetera.policy.simulation.report import simulate
from tiquetera.sla.services import targets_for

from .simulation_world import (
    customsoft_july,
    customsoft_updates_july,
    jq_s2_july,
    preset_text,
    soho_july,
)

pytestmark = pytest.mark.django_db
JULY = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 7, 31)}
BOGOTA = ZoneInfo("America/Bogota")


def _due(change: dict, side: str = "proposed") -> dt.datetime:
    return dt.datetime.fromisoformat(change[side]["due_at"])


def test_intermedia_total_cap_from_14_to_12_turns_the_13th_and_14th_cases_per_event():
    """seeds/001: Intermedia "Hasta 14 eventos" (6 P1 + 5 P2 + 4 P3). With 12, the 13th and 14th
    incidents of the month (two P3 cases, which the priority cap still allowed) become per-event
    services at CustomSoft's 1,500.00 MXN, without the póliza's discount: 3,000.00 MXN more."""
    _contact, cases = customsoft_july()
    text = preset_text("customsoft").replace("total_cap = 14", "total_cap = 12", 1)

    built = report.build(simulate(text, filename="customsoft.toml", **JULY))

    changed = built["changed_cases"]
    assert [c["case"] for c in changed] == [cases[12].number, cases[13].number]
    for change in changed:
        assert change["current"]["consumption"] == "covered"
        assert (change["proposed"]["intake"], change["proposed"]["reason"]) == (
            "parked",
            "price_acceptance_required",
        )
        assert change["proposed"]["consumption"] == "awaiting_acceptance"
        assert change["proposed"]["rule"] == "consumption"
    (per_event,) = [row for row in built["revenue"] if row["kind"] == "per_event"]
    assert (per_event["current"], per_event["proposed"], per_event["difference"]) == (
        "1500.00",
        "4500.00",
        "3000.00",
    )
    (p3,) = [row for row in built["entitlements"] if row["priority"] == "P3"]
    assert (p3["plan"], p3["current"], p3["proposed"], p3["difference"]) == ("intermedia", 3, 1, -2)


def test_jq_s2_resolution_from_7_to_5_working_days_breaches_the_two_longer_cases():
    """seeds/002: S2 "Resolución del caso de 0 a 7 días laborables" (49 h of the regular
    calendar's 7-hour days). At 5 days (35 h): the case received Monday 13 July (a holiday, as
    is the 20th), resolved Wednesday 22 at 10:00 after 36 working hours, would have been due
    Tuesday 21 at 17:00;
    the one received Monday 27, which waited on the client all of Tuesday 28, resolved Thursday
    6 August (49 working hours) would have been due Monday 3 August at 17:00. The 3-day case
    stays on time."""
    _usr, cases = jq_s2_july()
    text = preset_text("jq-systems").replace(
        'severity = "S2"\nwithin = "49h"', 'severity = "S2"\nwithin = "35h"'
    )
    assert text != preset_text("jq-systems")

    built = report.build(simulate(text, filename="jq.toml", **JULY))

    assert built["changed_cases"] == []
    changes = {(c["case"], c["metric"]): c for c in built["sla_changes"]}
    breaching = {key for key, c in changes.items() if c["proposed"]["late"]}
    assert breaching == {(cases[1].number, "resolution"), (cases[2].number, "resolution")}
    first = changes[(cases[0].number, "resolution")]  # every deadline moves; this one is kept
    assert _due(first) == dt.datetime(2026, 7, 10, 17, 0, tzinfo=BOGOTA)
    assert first["current"]["late"] is first["proposed"]["late"] is False
    second, third = (
        changes[(cases[1].number, "resolution")],
        changes[(cases[2].number, "resolution")],
    )
    assert second["current"]["late"] is False and second["proposed"]["late"] is True
    assert third["current"]["late"] is False and third["proposed"]["late"] is True
    assert _due(second) == dt.datetime(2026, 7, 21, 17, 0, tzinfo=BOGOTA)
    assert _due(third) == dt.datetime(2026, 8, 3, 17, 0, tzinfo=BOGOTA)
    (row,) = [r for r in built["sla"] if (r["metric"], r["severity"]) == ("resolution", "S2")]
    assert (row["current"]["late"], row["proposed"]["late"], row["difference"]) == (0, 2, 2)
    assert (row["current"]["clocks"], row["proposed"]["on_time_rate"]) == (3, "33.3")
    # the live desk still reads the policy in use: nothing of the file outlived the simulation,
    # not even in a process's cache of the policy
    assert targets_for(cases[1])["resolution"].minutes == 49 * 60


def test_a_closed_day_added_to_the_calendar_moves_the_deadlines_it_falls_in_by_one_day():
    """seeds/002 regular calendar (Mon–Fri 09–13, 14–17) with Wednesday 15 July 2026 closed:
    the S2 resolutions running through it are due one working day later — the case of Monday 6
    July (49 h) on Thursday 16 at 17:00 instead of Wednesday 15, the one of Monday 13 on Friday
    24 instead of Thursday 23 — and stay on time; the case of 27 July does not move."""
    _usr, cases = jq_s2_july()
    closed = '\n[[calendars.regular.closed]]\ndate = 2026-07-15\nname = "Inventario"\n'

    built = report.build(
        simulate(preset_text("jq-systems") + closed, filename="jq.toml", **JULY),
    )

    moved = {c["case"]: c for c in built["sla_changes"] if c["metric"] == "resolution"}
    assert set(moved) == {cases[0].number, cases[1].number}
    first, second = moved[cases[0].number], moved[cases[1].number]
    assert _due(first, "current") == dt.datetime(2026, 7, 15, 17, 0, tzinfo=BOGOTA)
    assert _due(first) == dt.datetime(2026, 7, 16, 17, 0, tzinfo=BOGOTA)
    assert _due(second, "current") == dt.datetime(2026, 7, 23, 17, 0, tzinfo=BOGOTA)
    assert _due(second) == dt.datetime(2026, 7, 24, 17, 0, tzinfo=BOGOTA)
    assert not any(c["proposed"]["late"] for c in moved.values())
    assert built["changed_cases"] == []


def test_soho_scope_gaining_a_category_refuses_the_cases_it_names():
    """seeds/004 "No son inconvenientes": were Soho Apps to add fiscal printers to what is not
    support (a category refused by its words), of July's three tickets only the one about the
    reception's fiscal printer would have been refused, by the scope rule; it took a ticket of
    the plan, which it would not have."""
    _usr, cases = soho_july()
    category = (
        '\n[scope.impresora-fiscal]\nname = "Impresoras fiscales"\naction = "reject"\n'
        'keywords = ["impresora fiscal"]\n'
    )

    built = report.build(
        simulate(preset_text("soho-apps") + category, filename="soho.toml", **JULY),
    )

    (change,) = built["changed_cases"]
    assert change["case"] == cases[1].number
    assert (change["current"]["intake"], change["current"]["consumption"]) == (
        "accepted",
        "covered",
    )
    assert (change["proposed"]["intake"], change["proposed"]["rule"]) == ("refused", "scope")
    assert change["proposed"]["consumption"] == ""
    (tickets,) = built["entitlements"]
    assert (tickets["current"], tickets["proposed"], tickets["difference"]) == (3, 2, -1)


def test_progress_updates_every_4_hours_instead_of_24_make_every_last_interval_late():
    """customsoft: an incident's progress update is due 24 business hours after the last agent's
    reply. At 4 hours every case's last interval comes late — the two resolved ones ran from
    their last reply (2 days after arrival) to the resolution on the 8th, the open one still
    runs — and its target changes in every deadline row: the intervals are replayed from the
    recorded replies."""
    _contact, cases = customsoft_updates_july()
    updates = 'metric = "progress_update"\ncase_type = "incidente"\nwithin = "24h"'
    text = preset_text("customsoft").replace(updates, updates.replace("24h", "4h"))
    assert text != preset_text("customsoft")

    built = report.build(simulate(text, filename="customsoft.toml", **JULY))

    assert built["changed_cases"] == []
    changes = {c["case"]: c for c in built["sla_changes"] if c["metric"] == "progress_update"}
    assert set(changes) == {case.number for case in cases}
    for change in changes.values():
        assert change["current"]["minutes"] == 24 * 60 and change["proposed"]["minutes"] == 4 * 60
        assert change["proposed"]["late"] is True
    (row,) = [r for r in built["sla"] if (r["metric"], r["severity"]) == ("progress_update", "P2")]
    assert row["proposed"]["late"] == 3 and row["difference"] == 3 - row["current"]["late"]


@pytest.mark.parametrize(
    ("fate", "current", "proposed"),
    [
        ("accepted", ("1500.00", 1), ("6000.00", 3)),
        ("declined", ("0.00", 0), ("4000.00", 2)),
    ],
)
def test_a_per_event_service_accepted_or_declined_is_priced_by_each_policy(fate, current, proposed):
    """The 14 → 12 cap of the first test, with the per-event price raised from 1,500.00 to
    2,000.00 MXN. The 15th case was per-event as recorded. Accepted by the client, it billed
    1,500.00 (the ledger's charge); under the file it is 2,000.00 beside the 13th and 14th,
    which now wait for the client at 2,000.00 each: 6,000.00, 4,500.00 more. Declined, it
    billed nothing, and under the file it bills nothing either (the client's decision is
    history): only the 13th and 14th, 4,000.00 more."""
    _contact, cases = customsoft_july()
    fifteenth = Consumption.objects.get(reference=cases[14].number)
    if fate == "accepted":
        accept_offer(fifteenth, actor=None)
        (charge,) = Charge.objects.filter(kind="per_event")
        assert charge.net == Decimal("1500.00")
    else:
        assert decline_offer(fifteenth, actor=None)
        assert not Charge.objects.filter(kind="per_event").exists()
    text = (
        preset_text("customsoft")
        .replace("total_cap = 14", "total_cap = 12", 1)
        .replace('per_event_price = "1500.00"', 'per_event_price = "2000.00"')
    )

    built = report.build(simulate(text, filename="customsoft.toml", **JULY))

    (per_event,) = [row for row in built["revenue"] if row["kind"] == "per_event"]
    assert (per_event["current"], per_event["current_cases"]) == current
    assert (per_event["proposed"], per_event["proposed_cases"]) == proposed
    difference = Decimal(proposed[0]) - Decimal(current[0])
    assert Decimal(per_event["difference"]) == difference
