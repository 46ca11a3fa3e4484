"""Seed 002 (JQ Systems): "sólo el USR ... podrá reportar"; a case reported by anyone else waits
until the USR verifies it. In the portal the USR (or a contact who may verify cases) lists the
organization's cases pending verification and approves or declines each, with a note."""

import pytest
from django.test import Client

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.tests.intake_world import client

from .conftest import open_jq_case, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporter(jq_usr):
    return ContactFactory(organization=jq_usr.organization, role="user", email="aux@hotel.co")


@pytest.fixture
def pending(reporter):
    case = open_jq_case(reporter, subject="Caso del auxiliar")
    assert case.status == "pending_verification"
    return case


def test_the_usr_lists_the_cases_waiting_for_verification(jq_usr, pending):
    page = signed_in(jq_usr).get("/portal/verify/").content.decode()
    assert pending.number in page and "Caso del auxiliar" in page
    assert f'action="/portal/verify/{pending.number}/"' in page


def test_approving_lets_the_case_in_with_one_event(jq_usr, pending):
    response = signed_in(jq_usr).post(
        f"/portal/verify/{pending.number}/", {"decision": "approve", "note": "Lo autorizo."}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "open" and pending.intake == "accepted"
    assert pending.intake_checks.filter(code="verified").exists()
    assert pending.number not in signed_in(jq_usr).get("/portal/verify/").content.decode()


def test_declining_makes_the_case_invalid(jq_usr, pending):
    signed_in(jq_usr).post(
        f"/portal/verify/{pending.number}/", {"decision": "decline", "note": "No corresponde."}
    )
    pending.refresh_from_db()
    assert pending.status == "invalid" and pending.intake_reason == "not_verified"
    event = AuditEvent.objects.filter(verb="case.status_changed", object_id=str(pending.pk)).last()
    assert event.after["status"] == "invalid"


def test_a_contact_who_may_verify_cases_verifies_too(jq_usr, pending):
    verifier = ContactFactory(
        organization=jq_usr.organization, role="manager", may_verify_cases=True, email="g@hotel.co"
    )
    assert signed_in(verifier).get("/portal/verify/").status_code == 200
    signed_in(verifier).post(f"/portal/verify/{pending.number}/", {"decision": "approve"})
    pending.refresh_from_db()
    assert pending.status == "open"


def test_a_plain_user_gets_403(reporter, pending):
    browser = signed_in(reporter)
    assert browser.get("/portal/verify/").status_code == 403
    assert (
        browser.post(f"/portal/verify/{pending.number}/", {"decision": "approve"}).status_code
        == 403
    )
    pending.refresh_from_db()
    assert pending.status == "pending_verification"
    assert "/portal/verify/" not in browser.get("/portal/").content.decode()


def test_another_organizations_usr_cannot_verify(pending):
    _org, other = client("jq-systems", plan="suscripcion-1", email="usr@otrohotel.co")
    browser = signed_in(other)
    assert pending.number not in browser.get("/portal/verify/").content.decode()
    assert (
        browser.post(f"/portal/verify/{pending.number}/", {"decision": "approve"}).status_code
        == 404
    )
    pending.refresh_from_db()
    assert pending.status == "pending_verification"


def test_anonymous_and_agents_are_kept_out(agent_client, pending):
    assert Client().get("/portal/verify/").status_code == 302
    assert agent_client.get("/portal/verify/").status_code == 403


def test_a_case_already_verified_says_so(jq_usr, pending):
    browser = signed_in(jq_usr, language="en")
    browser.post(f"/portal/verify/{pending.number}/", {"decision": "approve"})
    response = browser.post(
        f"/portal/verify/{pending.number}/", {"decision": "decline"}, follow=True
    )
    assert "is not waiting for anything" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "open"
