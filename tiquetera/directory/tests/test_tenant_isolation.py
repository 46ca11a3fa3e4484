import pytest
from django.contrib.auth.models import AnonymousUser

from tiquetera.directory.selectors import contacts_of, organizations_for
from tiquetera.directory.services import grant_portal_login
from tiquetera.testing.factories import ContactFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_clients(agent):
    first, second = OrganizationFactory(), OrganizationFactory()
    ContactFactory(organization=first)
    portal = grant_portal_login(ContactFactory(organization=second), actor=agent).obj
    return first, second, portal


def test_an_agent_sees_every_organization(agent, two_clients):
    first, second, _ = two_clients
    assert set(organizations_for(agent)) == {first, second}
    assert contacts_of(first, agent).count() == 1


def test_a_contact_sees_only_its_own_organization(two_clients):
    _first, second, portal = two_clients
    assert list(organizations_for(portal)) == [second]
    assert contacts_of(second, portal).count() == 1


def test_a_second_organizations_contact_sees_nothing_of_the_first(two_clients):
    first, _second, portal = two_clients
    assert not organizations_for(portal).filter(pk=first.pk).exists()
    assert contacts_of(first, portal).count() == 0


def test_an_inactive_contact_sees_nothing(two_clients):
    _first, _second, portal = two_clients
    portal.contact.is_active = False
    portal.contact.save()
    assert organizations_for(portal).count() == 0


@pytest.mark.parametrize("viewer", [AnonymousUser, lambda: UserFactory(username="nadie")])
def test_someone_who_is_neither_agent_nor_contact_sees_nothing(two_clients, viewer):
    first, _second, _portal = two_clients
    assert organizations_for(viewer()).count() == 0
    assert contacts_of(first, viewer()).count() == 0
