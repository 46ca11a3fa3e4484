"""Who gets into the portal: a signed-in client (a user linked to an active contact); agents are
pointed to the desk, other users refused, anonymous visitors asked to sign in. A contact sees
their own cases (the USR all of the organization's) and never another organization's."""

import pytest
from django.test import Client

from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.tests.intake_world import client, request

from .conftest import JQ_STEP, signed_in

pytestmark = pytest.mark.django_db
PAGES = ["/portal/", "/portal/cases/new/", "/portal/cases/new/fields/?case_type=urgencia"]


def open_jq_case(contact, **values):
    base = {
        "case_type": "incidencia",
        "fields": {"application": "JQ Nómina", "module": "Liquidación"},
        "prerequisites_done": [JQ_STEP],
        "received_at": None,
    }
    return submit(request(contact, **{**base, **values}))


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_asked_to_sign_in(page):
    response = Client().get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/portal/")


@pytest.mark.parametrize("page", PAGES)
def test_agents_are_pointed_to_the_desk(agent_client, page):
    response = agent_client.get(page)
    assert response.status_code == 403
    assert 'href="/"' in response.content.decode()
    assert 'href="/calls/new/"' in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_user_without_a_contact_is_refused(outsider_client, page):
    assert outsider_client.get(page).status_code == 403


def test_an_inactive_contact_is_refused(jq_usr):
    browser = signed_in(jq_usr)
    jq_usr.is_active = False
    jq_usr.save()
    assert browser.get("/portal/").status_code == 403


def test_a_plain_user_sees_their_own_cases_and_the_usr_all_of_the_organizations(jq_usr):
    user = ContactFactory(organization=jq_usr.organization, role="user", email="aux@hotel.co")
    own = open_jq_case(user, subject="Caso del auxiliar")
    usrs = open_jq_case(jq_usr, subject="Caso del supervisor")

    page = signed_in(user).get("/portal/").content.decode()
    assert own.number in page
    assert usrs.number not in page

    page = signed_in(jq_usr).get("/portal/").content.decode()
    assert own.number in page and usrs.number in page
    assert "Caso del auxiliar" in page
    assert own.get_status_display() in page  # "pendiente de verificación", in Spanish


def test_a_contact_of_another_organization_sees_nothing_of_its_cases(jq_usr):
    case = open_jq_case(jq_usr)
    _org_b, other_usr = client("jq-systems", plan="suscripcion-1", email="usr@otrohotel.co")
    browser = signed_in(other_usr)

    assert case.number not in browser.get("/portal/").content.decode()
    assert browser.get(f"/portal/cases/{case.number}/submitted/").status_code == 404
    assert signed_in(jq_usr).get(f"/portal/cases/{case.number}/submitted/").status_code == 200


def test_an_unknown_case_number_is_404(jq_usr):
    assert signed_in(jq_usr).get("/portal/cases/JQ-2026-999999/submitted/").status_code == 404


def test_the_portal_serves_no_case_to_a_user_made_agent_later(jq_usr):
    """Agent comes first: a staff user linked to a contact gets the desk pointer, not cases."""
    jq_usr.user = UserFactory(is_staff=True)
    jq_usr.save()
    browser = Client()
    browser.force_login(jq_usr.user)
    assert browser.get("/portal/").status_code == 403
