"""The cast of the knowledge-base tests: Sisnova's policy with a client's contact, a second
vendor's policy with its own client, and an agent."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tiquetera.policy.models import Policy
from tiquetera.testing.factories import (
    AgentFactory,
    ContactFactory,
    OrganizationFactory,
    PolicyFactory,
    UserFactory,
)


@dataclass
class World:
    policy: Policy
    other_policy: Policy
    agent: User
    client_user: User  # a contact of an organization under `policy`
    other_client_user: User  # a contact of an organization under `other_policy`
    plain_user: User  # signed in, neither agent nor contact


@pytest.fixture
def world(db) -> World:
    policy = PolicyFactory(slug="sisnova", name="Sisnova")
    other_policy = PolicyFactory(slug="jq-systems", name="JQ Systems")
    client_user = UserFactory(username="cliente")
    ContactFactory(organization=OrganizationFactory(policy=policy), user=client_user)
    other_client_user = UserFactory(username="otro-cliente")
    ContactFactory(organization=OrganizationFactory(policy=other_policy), user=other_client_user)
    return World(
        policy=policy,
        other_policy=other_policy,
        agent=AgentFactory(username="agente"),
        client_user=client_user,
        other_client_user=other_client_user,
        plain_user=UserFactory(username="sin-contacto"),
    )


def signed_in(user: User | None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client
