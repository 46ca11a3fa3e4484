import pytest

from tiquetera.directory.errors import InvalidValue, NotAllowed
from tiquetera.directory.models import Agent
from tiquetera.directory.services import add_agent, grant_portal_login
from tiquetera.testing.factories import (
    AgentProfileFactory,
    ContactFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_portal_login_has_an_unusable_password_until_reset(agent):
    contact = ContactFactory(email="ana.perez@hotel.co", name="Ana Pérez Gómez")
    saved = grant_portal_login(contact, actor=agent)
    user = saved.obj
    assert saved.created
    assert user.username == "ana.perez@hotel.co"
    assert (user.first_name, user.last_name) == ("Ana", "Pérez Gómez")
    assert not user.has_usable_password()
    assert not user.is_staff
    assert contact.user == user


def test_a_second_grant_returns_the_same_login(agent):
    contact = ContactFactory()
    first = grant_portal_login(contact, actor=agent).obj
    again = grant_portal_login(contact, actor=agent)
    assert (again.obj, again.created) == (first, False)


def test_a_contact_without_email_gets_no_login(agent):
    with pytest.raises(InvalidValue) as refused:
        grant_portal_login(ContactFactory(email=""), actor=agent)
    assert refused.value.field == "email"


def test_a_vendor_admin_adds_an_agent_to_teams_with_skills():
    admin = AgentProfileFactory(is_vendor_admin=True).user
    user = UserFactory(username="soporte1")
    n1, rnd = TeamFactory(key="soporte-n1", name="Soporte N1"), TeamFactory(key="i-d", name="I+D")
    saved = add_agent(user, [n1, rnd], [" facturación ", "nómina", "facturación"], actor=admin)
    agent = Agent.objects.get(user=user)
    assert saved.created and agent == saved.obj
    assert set(agent.teams.all()) == {n1, rnd}
    assert agent.skills == ["facturación", "nómina"]
    user.refresh_from_db()
    assert user.is_staff


def test_adding_again_updates_teams_and_skills():
    admin = AgentProfileFactory(is_vendor_admin=True).user
    user = UserFactory(username="soporte1")
    add_agent(user, [TeamFactory(key="soporte-n1")], ["nómina"], actor=admin)
    saved = add_agent(user, [TeamFactory(key="comercial")], [], actor=admin)
    assert not saved.created
    assert [t.key for t in saved.obj.teams.all()] == ["comercial"]
    assert saved.obj.skills == []


def test_an_agent_who_is_not_vendor_admin_may_not_add_agents(agent):
    AgentProfileFactory(user=agent)
    with pytest.raises(NotAllowed):
        add_agent(UserFactory(username="otro"), [], [], actor=agent)
