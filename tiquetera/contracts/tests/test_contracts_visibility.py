"""Tenant isolation: agents see every organization's contracts; a client's contact sees their own
organization's and nothing of another's."""

import pytest

from tiquetera.contracts.selectors import contracts_of
from tiquetera.contracts.tests.factories import ContractFactory
from tiquetera.testing.factories import AgentFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract():
    return ContractFactory()


def test_an_agent_sees_the_contracts(contract):
    assert list(contracts_of(contract.organization, AgentFactory())) == [contract]


def test_a_contact_sees_their_own_organizations_contracts(contract):
    contact = ContactFactory(organization=contract.organization, user=UserFactory())
    assert list(contracts_of(contract.organization, contact.user)) == [contract]


def test_a_contact_of_another_organization_sees_nothing(contract):
    stranger = ContactFactory(user=UserFactory())
    assert list(contracts_of(contract.organization, stranger.user)) == []


def test_a_user_who_is_no_contact_sees_nothing(contract):
    assert list(contracts_of(contract.organization, UserFactory())) == []
