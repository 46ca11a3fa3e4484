"""Seed 001 (CustomSoft), "Póliza INTERMEDIA": "Hasta 14 eventos" and P1 6 + P2 5 + P3 4. What a
client can still open is min(priority left, total left), and every edge says which limit binds:
at 14/14 with P1 at 5/6, P1 has 0 usable — not "1 de 6" (issue 13)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.translation import override

from tiquetera.contracts.models import Plan
from tiquetera.contracts.selectors import Limit, remaining_allowance
from tiquetera.contracts.services import consume, start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spent_intermedia():
    """Intermedia at 14/14: P1 5/6, P2 5/5, P3 4/4."""
    plan = IntermediaPlanFactory(when_exhausted=Plan.WhenExhausted.REFUSE)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, "intermedia", start=JULY_1, actor=None)
    for priority, n in (("P1", 5), ("P2", 5), ("P3", 4)):
        for i in range(n):
            assert consume(organization, priority, reference=f"{priority}-{i}", at=at(JULY_1))
    return organization


def test_p1_has_nothing_usable_when_the_total_is_spent(spent_intermedia):
    (allowance,) = remaining_allowance(spent_intermedia, JULY_1)
    p1 = allowance.priorities[0]
    assert (p1.priority, p1.left, p1.usable, p1.limited_by) == ("P1", 1, 0, Limit.TOTAL)
    assert p1.total_exhausted


def test_the_priority_cap_binds_while_the_total_has_room():
    plan = IntermediaPlanFactory(when_exhausted=Plan.WhenExhausted.REFUSE)
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, "intermedia", start=JULY_1, actor=None)
    consume(organization, "P1", reference="P1-0", at=at(JULY_1))
    (allowance,) = remaining_allowance(organization, JULY_1)
    p1 = allowance.priorities[0]
    assert (p1.left, p1.usable, p1.limited_by) == (5, 5, Limit.PRIORITY)


def test_the_command_says_the_plans_total_is_used_up(spent_intermedia):
    out = StringIO()
    with override("es"):
        call_command("entitlements", str(spent_intermedia.pk), "--at", "2026-07-02", stdout=out)
    assert "Prioridad 1: 0 disponibles — el total del plan (14) está agotado" in out.getvalue()


def test_the_command_json_carries_usable_and_the_binding_limit(spent_intermedia):
    out = StringIO()
    call_command(
        "entitlements", str(spent_intermedia.pk), "--at", "2026-07-02", "--json", stdout=out
    )
    p1 = json.loads(out.getvalue())["contracts"][0]["priorities"][0]
    assert (p1["left"], p1["usable"], p1["limited_by"]) == (1, 0, "total")


def test_the_api_allowance_reports_usable(spent_intermedia, agent_client):
    response = agent_client.get(
        f"/api/v1/organizations/{spent_intermedia.pk}/allowance", {"at": "2026-07-02"}
    )
    p1 = response.json()[0]["priorities"][0]
    assert (p1["left"], p1["usable"], p1["limited_by"]) == (1, 0, "total")
