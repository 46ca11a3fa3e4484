"""POST /api/v1/cases/{number}/case-type: the desk's "Cambiar tipo" over the API (issue 16), with
the same rules and audit — agents only, a reason, a type of the case's policy, not the same one,
not a final case — and the SLA targets chosen again for the new type (sla/retarget.py)."""

import datetime as dt
import json

import pytest
from django.test import Client

from tiquetera.api.tokens import issue_token
from tiquetera.audit.models import AuditEvent
from tiquetera.sla.models import Clock
from tiquetera.sla.tests.sla_world import MEXICO, customsoft_case
from tiquetera.testing.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db
ASKED = dt.datetime(2026, 7, 14, 10, 0, tzinfo=MEXICO)


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user, name='ERP', actor=user)[1]}")


def retype(api: Client, number: str, body: dict[str, str]):
    return api.post(
        f"/api/v1/cases/{number}/case-type", json.dumps(body), content_type="application/json"
    )


@pytest.fixture
def agent_api() -> Client:
    return bearer(AgentFactory(username="agente"))


def test_a_question_retyped_as_an_incident_gets_the_incidents_targets(agent_api):
    """CustomSoft: a "consulta" (answered in 10 minutes) found to be an "incidente" gets the
    póliza's 24-hour response and the 24-hour resolution, from when the client asked."""
    case = customsoft_case("consulta", at=ASKED)

    response = retype(
        agent_api, case.number, {"case_type": "incidente", "reason": "Es un fallo, no una duda"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["case_type"] == "incidente"
    clocks = {c.metric: (c.state, c.target_minutes) for c in Clock.objects.filter(case=case)}
    assert clocks["first_response"] == ("running", 1440)
    assert clocks["resolution"] == ("running", 1440)
    event = AuditEvent.objects.get(verb="case.type_changed")
    assert (event.before["case_type"], event.after["case_type"]) == ("consulta", "incidente")
    assert event.note.startswith("Es un fallo, no una duda")
    assert event.actor.username == "agente"


def test_the_same_rules_as_the_desk(agent_api):
    case = customsoft_case("consulta", at=ASKED)

    unknown = retype(agent_api, case.number, {"case_type": "fax", "reason": "x"})
    same = retype(agent_api, case.number, {"case_type": "consulta", "reason": "x"})
    no_reason = retype(agent_api, case.number, {"case_type": "incidente", "reason": ""})
    blank_reason = retype(agent_api, case.number, {"case_type": "incidente", "reason": "  "})

    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_case_type")
    assert (same.status_code, same.json()["code"]) == (400, "same_case_type")
    assert no_reason.status_code == 422
    assert (blank_reason.status_code, blank_reason.json()["code"]) == (400, "reason_required")
    case.refresh_from_db()
    assert case.case_type == "consulta"
    assert not AuditEvent.objects.filter(verb="case.type_changed").exists()


def test_a_client_may_not_retype_its_own_case(agent_api):
    case = customsoft_case("consulta", at=ASKED)
    case.requester.user = UserFactory()
    case.requester.save()

    refused = retype(
        bearer(case.requester.user), case.number, {"case_type": "incidente", "reason": "x"}
    )

    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    case.refresh_from_db()
    assert case.case_type == "consulta"
    missing = retype(agent_api, "CS-2026-999999", {"case_type": "incidente", "reason": "x"})
    assert missing.status_code == 404
