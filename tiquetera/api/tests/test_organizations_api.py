"""/api/v1/organizations: a client reads its own organization, contacts, plan and statement."""

import pytest

from tiquetera.api.tests.conftest import bearer

pytestmark = pytest.mark.django_db


def test_a_client_sees_only_its_own_organization(hotel, clinic):
    api = bearer(hotel.token)

    listed = api.get("/api/v1/organizations").json()

    assert [o["legal_name"] for o in listed] == [hotel.organization.legal_name]
    own = api.get(f"/api/v1/organizations/{hotel.organization.pk}")
    assert own.status_code == 200 and own.json()["tax_id"] == hotel.organization.tax_id
    assert api.get(f"/api/v1/organizations/{clinic.organization.pk}").status_code == 404


def test_a_client_reads_its_contacts_allowance_and_statement(hotel):
    api = bearer(hotel.token)
    base = f"/api/v1/organizations/{hotel.organization.pk}"

    contacts = api.get(f"{base}/contacts").json()
    allowance = api.get(f"{base}/allowance", {"at": "2026-07-14"})
    statement = api.get(f"{base}/statement", {"month": "2026-07"})

    assert [c["email"] for c in contacts] == [hotel.contact.email]
    assert allowance.status_code == 200 and allowance.json()[0]["plan"] == "suscripcion-2"
    assert statement.status_code == 200


def test_an_agent_lists_every_organization(hotel, clinic, agent_token):
    names = {o["legal_name"] for o in bearer(agent_token).get("/api/v1/organizations").json()}

    assert names == {hotel.organization.legal_name, clinic.organization.legal_name}
