"""Every directory service that changes an organization, a contact or an agent leaves exactly one
audit event, with only the changed fields; an update that changes nothing leaves none."""

from dataclasses import replace

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.directory.errors import InvalidInput
from tiquetera.directory.services import (
    ContactFields,
    OrganizationFields,
    add_agent,
    create_contact,
    create_organization,
    grant_portal_login,
    set_payment_standing,
    update_contact,
    update_organization,
)
from tiquetera.testing.factories import (
    AgentFactory,
    AgentProfileFactory,
    ContactFactory,
    OrganizationFactory,
    PolicyFactory,
    TeamFactory,
    UserFactory,
)

from .helpers import events_of, verbs_of

pytestmark = pytest.mark.django_db

HOTEL = OrganizationFields(legal_name="Hotel Sol S.A.S.", tax_id="900373115-3", edition="local")


@pytest.fixture
def agent():
    return AgentFactory(username="ana", first_name="Ana", last_name="Ruiz")


def test_creating_an_organization_is_one_event(agent):
    organization = create_organization(PolicyFactory(slug="jq"), HOTEL, actor=agent).obj

    (event,) = events_of(organization)
    assert (event.verb, event.actor, event.organization) == (
        "organization.created",
        agent,
        organization,
    )
    assert event.after["policy"] == "jq"
    assert event.after["edition"] == "LOCAL"


def test_a_refused_organization_leaves_no_event(agent):
    with pytest.raises(InvalidInput):
        create_organization(PolicyFactory(), OrganizationFields(legal_name=""), actor=agent)
    assert AuditEvent.objects.count() == 0


def test_updating_an_organization_records_only_what_changed_and_nothing_when_nothing_did(agent):
    organization = create_organization(PolicyFactory(), HOTEL, actor=agent).obj

    update_organization(organization, HOTEL, actor=agent)
    update_organization(organization, replace(HOTEL, edition="web"), actor=agent)

    assert verbs_of(organization) == ["organization.created", "organization.updated"]
    event = events_of(organization)[-1]
    assert (event.before, event.after) == ({"edition": "LOCAL"}, {"edition": "WEB"})


def test_setting_the_payment_standing_is_one_event_and_again_none(agent):
    organization = OrganizationFactory()

    set_payment_standing(organization, "behind", actor=agent)
    set_payment_standing(organization, "behind", actor=agent)

    (event,) = events_of(organization)
    assert event.verb == "organization.standing_set"
    assert (event.before, event.after) == ({"standing": "current"}, {"standing": "behind"})


def test_creating_and_updating_a_contact(agent):
    organization = OrganizationFactory()
    fields = ContactFields(name="Luz Pérez", email="luz@hotel.co")
    contact = create_contact(organization, fields, actor=agent).obj

    update_contact(contact, fields, actor=agent)  # nothing differs
    update_contact(
        contact, ContactFields(name="Luz Pérez", email="luz@hotel.co", role="usr"), actor=agent
    )

    assert verbs_of(contact) == ["contact.created", "contact.updated"]
    created, updated = events_of(contact)
    assert created.organization == organization
    assert created.after["email"] == "luz@hotel.co"
    assert updated.before == {
        "role": "user",
        "may_verify_cases": False,
        "may_sign_purchase_orders": False,
    }
    assert updated.after == {
        "role": "usr",
        "may_verify_cases": True,
        "may_sign_purchase_orders": True,
    }


def test_granting_a_portal_login_is_one_event_and_again_none(agent):
    contact = ContactFactory(email="luz@hotel.co")

    grant_portal_login(contact, actor=agent)
    grant_portal_login(contact, actor=agent)

    (event,) = events_of(contact)
    assert (event.verb, event.after) == ("contact.portal_login_granted", {"user": "luz@hotel.co"})


def test_adding_an_agent_then_changing_only_its_teams():
    admin = AgentProfileFactory(is_vendor_admin=True).user
    user = UserFactory(username="soporte1")
    n1, rnd = TeamFactory(key="soporte-n1"), TeamFactory(key="i-d")

    agent = add_agent(user, [n1], ["nómina"], actor=admin).obj
    add_agent(user, [n1], ["nómina"], actor=admin)  # the same: no event
    saved = add_agent(user, [n1, rnd], ["nómina"], actor=admin)

    assert saved.changed
    assert verbs_of(agent) == ["agent.added", "agent.updated"]
    added, updated = events_of(agent)
    assert added.after == {
        "skills": ["nómina"],
        "is_vendor_admin": False,
        "is_active": True,
        "teams": ["soporte-n1"],
    }
    assert (updated.before, updated.after) == (
        {"teams": ["soporte-n1"]},
        {"teams": ["i-d", "soporte-n1"]},
    )
    assert updated.organization is None
