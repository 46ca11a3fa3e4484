"""Two client organizations of JQ Systems' preset, each with a contact who has a portal user and
an API token, and an agent with a token: the cast of the API tests."""

from dataclasses import dataclass

import pytest
from django.test import Client

from tiquetera.api.tokens import issue_token
from tiquetera.directory.models import Contact, Organization
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory, UserFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests import intake_world
from tiquetera.tickets.tests.test_intake_jq_systems import incidencia


@dataclass
class Client_:
    organization: Organization
    contact: Contact
    token: str
    case: Case


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def client_of(name: str, email: str) -> Client_:
    organization, contact = intake_world.client(
        "jq-systems", plan="suscripcion-2", email=email, legal_name=name
    )
    contact.user = UserFactory(username=email)
    contact.save()
    _, token = issue_token(contact.user, name="ERP", actor=contact.user)
    case = submit(incidencia(contact))
    assert case.status == "open", case.intake_message
    return Client_(organization, contact, token, case)


@pytest.fixture
def hotel(db) -> Client_:
    return client_of("Hotel Cliente S.A.S.", "ana@hotel.co")


@pytest.fixture
def clinic(hotel) -> Client_:  # after hotel: the preset is loaded once
    return client_of("Clínica Norte S.A.S.", "luis@clinica.co")


@pytest.fixture
def agent_token(db) -> str:
    agent = AgentFactory(username="agente")
    AgentProfileFactory(user=agent)
    return issue_token(agent, name="integración", actor=agent)[1]
