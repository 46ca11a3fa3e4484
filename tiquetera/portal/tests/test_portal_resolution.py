"""A resolved case on the portal: the requester (or the organization's supervisor) confirms it
is solved — the case is closed — or says it is not, with the reason — the case is reopened."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.lifecycle.resolution import resolve

from .conftest import open_jq_case, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(jq_usr, agent):
    case = open_jq_case(jq_usr)
    return resolve(case, resolution="Se corrigió la plantilla de la factura.", actor=agent)


def status_events(case):
    return AuditEvent.objects.filter(object_id=str(case.pk), verb="case.status_changed").count()


def test_a_resolved_case_offers_confirm_and_reopen(jq_usr, resolved):
    page = signed_in(jq_usr, language="en").get(f"/portal/cases/{resolved.number}/")
    text = page.content.decode()
    assert "We consider your case solved." in text
    assert "Se corrigió la plantilla de la factura." in text
    assert f'action="/portal/cases/{resolved.number}/confirm/"' in text
    assert f'action="/portal/cases/{resolved.number}/reopen/"' in text


def test_confirming_closes_the_case(jq_usr, resolved):
    before = status_events(resolved)
    response = signed_in(jq_usr).post(f"/portal/cases/{resolved.number}/confirm/")
    assert response.status_code == 302
    resolved.refresh_from_db()
    assert resolved.status == "closed" and resolved.closed_at is not None
    assert status_events(resolved) == before + 1


def test_it_is_not_solved_reopens_with_the_reason(jq_usr, resolved):
    response = signed_in(jq_usr).post(
        f"/portal/cases/{resolved.number}/reopen/", {"reason": "La factura 124 tampoco sale."}
    )
    assert response.status_code == 302
    resolved.refresh_from_db()
    assert resolved.status == "in_progress" and resolved.resolution == ""
    event = AuditEvent.objects.filter(verb="case.status_changed", object_id=str(resolved.pk)).last()
    assert event.note == "La factura 124 tampoco sale."


def test_reopening_needs_a_reason(jq_usr, resolved):
    response = signed_in(jq_usr, language="en").post(
        f"/portal/cases/{resolved.number}/reopen/", {"reason": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == "resolved"


def test_confirming_a_case_that_is_not_resolved_says_why(jq_usr):
    case = open_jq_case(jq_usr)
    browser = signed_in(jq_usr, language="en")
    response = browser.post(f"/portal/cases/{case.number}/confirm/", follow=True)
    assert "cannot go from" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "open"


def test_a_colleague_who_did_not_report_it_may_not_close_it(jq_usr, resolved):
    colleague = ContactFactory(organization=jq_usr.organization, role="user", email="a@hotel.co")
    browser = signed_in(colleague)
    # a plain colleague does not even see it (tickets.permissions.follows_case)
    assert browser.post(f"/portal/cases/{resolved.number}/confirm/").status_code == 404
    assert browser.get(f"/portal/cases/{resolved.number}/").status_code == 404
    resolved.refresh_from_db()
    assert resolved.status == "resolved"
