"""One rule for what a client's contact may do with a case, through the portal and the API
alike (`tickets.permissions.follows_case`): their own cases, or all of the organization's for
its USR or a contact who may verify cases. A plain user does not open, confirm or reopen a
colleague's case, whatever the door or the case number he types."""

import json

import pytest
from django.test import Client

from tiquetera.api.tests.conftest import Client_, agent_token, bearer, hotel  # noqa: F401  (fixtures)
from tiquetera.api.tokens import issue_token
from tiquetera.testing.factories import ContactFactory, UserFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.resolution import confirm_resolution, reopen
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status

pytestmark = pytest.mark.django_db


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def pedro(hotel: Client_):  # noqa: F811
    """A plain user of the hotel (not its USR, may not verify), with a portal user and a token."""
    contact = ContactFactory(
        organization=hotel.organization, role="user", email="pedro@hotel.co", name="Pedro"
    )
    contact.user = UserFactory(username="pedro@hotel.co")
    contact.save()
    return contact, issue_token(contact.user, name="ERP", actor=contact.user)[1]


@pytest.fixture
def resolved(hotel: Client_, agent_token: str) -> Case:  # noqa: F811
    """The USR's own case, resolved: waiting for the client's confirmation."""
    url = f"/api/v1/cases/{hotel.case.number}/transitions"
    assert post(bearer(agent_token), url, {"status": "resolved"}).status_code == 200
    return Case.objects.get(pk=hotel.case.pk)


def portal(contact) -> Client:
    client = Client()
    client.force_login(contact.user)
    return client


def test_a_plain_user_may_not_confirm_or_reopen_a_colleagues_case_through_the_api(pedro, resolved):
    _, token = pedro
    url = f"/api/v1/cases/{resolved.number}"

    confirmed = post(bearer(token), f"{url}/confirmation", {})
    reopened = post(bearer(token), f"{url}/reopening", {"reason": "No me sirve"})

    assert (confirmed.status_code, reopened.status_code) == (404, 404)
    assert Case.objects.get(pk=resolved.pk).status == Status.RESOLVED


def test_a_plain_user_may_not_open_a_colleagues_case_by_number(pedro, resolved):
    contact, token = pedro

    assert bearer(token).get(f"/api/v1/cases/{resolved.number}").status_code == 404
    assert portal(contact).get(f"/portal/cases/{resolved.number}/").status_code == 404


def test_a_plain_user_lists_only_his_own_cases_in_the_api_as_in_the_portal(pedro, resolved):
    contact, token = pedro

    numbers = [case["number"] for case in bearer(token).get("/api/v1/cases").json()["cases"]]

    assert resolved.number not in numbers
    assert resolved.number not in portal(contact).get("/portal/").content.decode()


def test_the_requester_confirms_his_own_case_through_either_door(hotel, resolved):  # noqa: F811
    page = portal(hotel.contact).get(f"/portal/cases/{resolved.number}/")
    assert page.status_code == 200

    confirmed = post(bearer(hotel.token), f"/api/v1/cases/{resolved.number}/confirmation", {})

    assert confirmed.status_code == 200 and confirmed.json()["status"] == Status.CLOSED


def test_the_usr_opens_and_reopens_a_colleagues_case(hotel, pedro, agent_token):  # noqa: F811
    _, token = pedro
    created = post(bearer(token), "/api/v1/cases", {"subject": "No abre nómina", "severity": "S3"})
    number = created.json()["number"]
    assert bearer(token).get(f"/api/v1/cases/{number}").status_code == 200  # his own
    Case.objects.filter(number=number).update(status=Status.RESOLVED)

    assert portal(hotel.contact).get(f"/portal/cases/{number}/").status_code == 200
    reopened = post(bearer(hotel.token), f"/api/v1/cases/{number}/reopening", {"reason": "Sigue"})

    assert reopened.status_code == 200 and reopened.json()["status"] == Status.IN_PROGRESS


def test_the_services_themselves_refuse_a_client_who_does_not_follow_the_case(pedro, resolved):
    contact, _ = pedro

    with pytest.raises(TicketsError) as confirming:
        confirm_resolution(resolved, actor=contact.user)
    with pytest.raises(TicketsError) as reopening:
        reopen(resolved, actor=contact.user, reason="No")

    assert confirming.value.code == reopening.value.code == "not_allowed"
    assert Case.objects.get(pk=resolved.pk).status == Status.RESOLVED
