"""`tiquetera entitlements ORG` prints what is left this period (seed 001: CustomSoft's
Intermedia, P1 6, P2 5, P3 4, total 14)."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tiquetera.contracts.services import consume, start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    plan = IntermediaPlanFactory()
    organization = OrganizationFactory(
        policy=plan.policy, legal_name="Hotel Caribe S.A.S.", tax_id="900100777-1"
    )
    start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)
    for n in range(4):
        consume(organization, "P1", reference=f"c{n}", at=at(JULY_1))
    return organization


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("entitlements", *args, stdout=out)
    return out.getvalue().strip()


def test_prints_what_is_left_per_priority_and_in_total(organization):
    assert run(str(organization.pk), "--at", "2026-07-20").splitlines() == [
        "Hotel Caribe S.A.S.",
        "Póliza Intermedia, from 2026-07-01 to 2026-07-31",
        "  Priority 1: 2 of 6 left",
        "  Priority 2: 5 of 5 left",
        "  Priority 3: 4 of 4 left",
        "  Total: 10 of 14 left",
    ]


def test_finds_the_organization_by_tax_id_or_legal_name(organization):
    assert run("900100777-1", "--at", "2026-07-20").startswith("Hotel Caribe")
    assert run("hotel caribe s.a.s.", "--at", "2026-07-20").startswith("Hotel Caribe")


def test_as_json(organization):
    result = json.loads(run(str(organization.pk), "--at", "2026-07-20", "--json"))
    (contract,) = result["contracts"]
    assert contract["total"] == {
        "priority": None,
        "cap": 14,
        "used": 4,
        "left": 10,
        "usable": 10,
        "limited_by": "priority",
    }
    assert contract["last_day"] == "2026-07-31"


def test_an_organization_without_a_plan_says_so():
    organization = OrganizationFactory(legal_name="Sin Plan Ltda.")
    assert run(str(organization.pk)).splitlines() == ["Sin Plan Ltda.", "No active plan."]


def test_an_unknown_organization_is_a_clear_error():
    with pytest.raises(CommandError, match="“Nadie”"), translation.override("en"):
        call_command("entitlements", "Nadie", stdout=StringIO())


def test_check_entitlements_passes_when_counters_match_their_cases(organization):
    out = StringIO()
    with translation.override("en"):
        call_command("check_entitlements", stdout=out)
    assert out.getvalue().strip() == "Every counter matches its cases."


def test_check_entitlements_fails_on_a_counter_that_does_not_match(organization):
    counter = organization.contracts.get().periods.get().counters.get(priority="P1")
    counter.used = 5
    counter.save()
    err = StringIO()
    with pytest.raises(CommandError), translation.override("en"):
        call_command("check_entitlements", stdout=StringIO(), stderr=err)
    assert "the counter says 5, the cases 4" in err.getvalue()
