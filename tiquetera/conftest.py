import pytest
from django.test import Client

from tiquetera.testing.factories import AgentFactory, UserFactory


@pytest.fixture
def agent(db):
    return AgentFactory(username="agente")


@pytest.fixture
def agent_client(agent) -> Client:
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def outsider_client(db) -> Client:
    """A signed-in user who is not an agent (a client's contact, later)."""
    client = Client()
    client.force_login(UserFactory(username="cliente"))
    return client
