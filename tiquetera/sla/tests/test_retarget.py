"""A case's SLA targets chosen again when an agent changes its type (`sla.retarget`): clocks not
met take the new targets, those the new type lacks are cancelled, met ones and agreed ones keep
theirs, a paused clock stays paused."""

import datetime as dt

import pytest

from tiquetera.sla.models import Clock
from tiquetera.sla.services import override_target
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory
from tiquetera.tickets.lifecycle.case_type import change_case_type
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status

from .sla_world import MEXICO, clock, customsoft_case

pytestmark = pytest.mark.django_db

ASKED = dt.datetime(2026, 7, 14, 10, 0, tzinfo=MEXICO)


def states(case) -> dict[str, tuple[str, int]]:
    return {c.metric: (c.state, c.target_minutes) for c in Clock.objects.filter(case=case)}


def retype(case, key: str) -> None:
    change_case_type(case, key, actor=AgentFactory(), reason="Era otra cosa")


def test_an_incident_retyped_as_a_question_cancels_the_clocks_a_question_has_not():
    case = customsoft_case("incidente", at=ASKED)
    assert states(case)["resolution"] == ("running", 1440)

    retype(case, "consulta")

    assert states(case) == {
        "first_response": ("running", 10),
        "resolution": ("cancelled", 1440),
        "progress_update": ("cancelled", 1440),
    }
    case.refresh_from_db()
    assert case.sla_due_at == clock(case, "first_response").due_at


def test_a_case_waiting_on_the_client_keeps_its_clocks_paused_with_the_new_targets():
    case = customsoft_case("consulta", at=ASKED)
    change_status(case, Status.IN_PROGRESS, actor=AgentFactory())
    change_status(case, Status.WAITING_ON_CLIENT, actor=AgentFactory())

    retype(case, "incidente")

    found = states(case)
    assert found["first_response"] == ("paused", 1440)
    assert found["resolution"] == ("paused", 1440)
    case.refresh_from_db()
    assert case.sla_due_at is None


def test_a_target_agreed_with_the_client_is_kept():
    case = customsoft_case("consulta", at=ASKED)
    admin = AgentProfileFactory(is_vendor_admin=True).user
    override_target(case, "first_response", minutes=60, reason="Acordado por teléfono", actor=admin)

    retype(case, "incidente")

    assert states(case)["first_response"] == ("running", 60)
    assert states(case)["resolution"] == ("running", 1440)
