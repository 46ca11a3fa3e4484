import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tiquetera.channels.whatsapp.payloads import sign
from tiquetera.contracts.services.lifecycle import start_contract
from tiquetera.directory.models import Contact, Organization
from tiquetera.testing.factories import ContactFactory, OrganizationFactory
from tiquetera.tickets.models import CaseType, IntakeRule
from tiquetera.tickets.tests.intake_world import preset

from .graph_api import GraphApi, graph_api  # noqa: F401  (a fixture)

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
WEBHOOK = "/channels/whatsapp/webhook"


@pytest.fixture(autouse=True)
def whatsapp(settings: Any, graph_api: GraphApi) -> GraphApi:  # noqa: F811
    """Every test runs against the local Graph API, never Meta's."""
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.WHATSAPP_REPLY_WINDOW_DAYS = 7
    return graph_api


@dataclass
class World:
    organization: Organization
    ana: Contact


def _client_of_isys(*, case_types: bool) -> World:
    policy = preset("isys")
    # messages arrive "now", at any hour the suite runs: out of hours ISYS bills per event, which
    # has tests of its own (tickets/tests/test_intake_out_of_hours.py, tests/journeys)
    IntakeRule.objects.get(policy=policy, kind="out_of_hours").delete()
    if not case_types:
        CaseType.objects.filter(policy=policy).delete()
    organization = OrganizationFactory(policy=policy)
    start_contract(
        organization,
        "soporte-actualizaciones",
        start=timezone.localdate() - dt.timedelta(days=30),
        actor=None,
    )
    ana = ContactFactory(
        organization=organization,
        name="Ana Pérez",
        email="",
        role="usr",
        phone="+573106149927",
        whatsapp="+573106149927",
        whatsapp_opt_in=True,
    )
    return World(organization, ana)


@pytest.fixture
def world(db: Any) -> World:
    """ISYS's policy (seed 000: "Soporte vía e-mail o WhatsApp") without its case types, since
    a chat message cannot choose one (`isys` below keeps them); a client on its support plan;
    and Ana, its USR, who accepts WhatsApp at +57 310 614 9927 and has no email: WhatsApp is
    how she hears from us."""
    return _client_of_isys(case_types=False)


@pytest.fixture
def isys(db: Any) -> World:
    """The same client under ISYS's policy as shipped, case types and all."""
    return _client_of_isys(case_types=True)


Deliver = Callable[..., Any]


@pytest.fixture
def deliver(client: Client, django_capture_on_commit_callbacks: Any) -> Deliver:
    """POST a payload to the webhook as Meta does (signed with the app secret), and let the
    worker's task run on commit (huey runs immediately in tests)."""

    def post(payload: dict | bytes, *, signature: str | None = None) -> Any:
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        signature = sign(body, APP_SECRET) if signature is None else signature
        headers = {"X-Hub-Signature-256": signature} if signature else {}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(WEBHOOK, body, content_type="application/json", headers=headers)

    return post
