"""Schemathesis walks every operation of the OpenAPI document the app serves with generated
requests — valid ones and invalid ones, on made-up paths and on the hotel's real case,
organization and token — as an agent and as a client, through the WSGI application: no answer
is a 500, and every answer has a status the document declares for it and the body its schema
says. Bounded (a fixed seed, a few examples per operation) to stay under two minutes."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpRequest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from tiquetera.api import auth
from tiquetera.api.tests.conftest import Client_
from tiquetera.wsgi import application

pytestmark = pytest.mark.django_db
EXAMPLES = 6  # per operation, each sent with both tokens
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            # A schema cannot say every domain rule: a valid request may still be refused by
            # one (400, with the rule's code) — the API's documented answer, not a defect.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "429"]
            },
        }
    }
)


def _real_values(hotel: Client_) -> dict[str, object]:
    from tiquetera.inquiries.services import client_asked

    inquiry, _ = client_asked(
        hotel.contact, body="¿Cómo exporto?", channel="whatsapp", sent_at=hotel.case.created_at
    )
    return {
        "inquiry_id": inquiry.pk,
        "number": hotel.case.number,
        "organization_id": hotel.organization.pk,
        "token_id": hotel.contact.user.api_tokens.get().pk,
        "quote_id": 1,
        "policy": "jq-systems",
        "key": "horario-soporte",
    }


def _run(operation, tokens: tuple[str, ...], real: dict[str, object]) -> None:
    names = [parameter.name for parameter in operation.path_parameters]
    strategies = []
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        strategies.append(operation.as_strategy(mode))
        if names:  # also on things that exist, so the routes get past their 404
            fixed = {name: real[name] for name in names}
            strategies.append(operation.as_strategy(mode, path_parameters=fixed))

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,  # a fixed seed: the same requests on every run
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report what was sent
        suppress_health_check=list(HealthCheck),
    )
    def walk(case) -> None:
        for token in tokens:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

    walk()


@pytest.fixture
def connection_kept_open():
    """Called as a WSGI application, Django closes the database connection at the end of each
    request (`close_old_connections`), which on PostgreSQL would end the test's transaction:
    kept open here, as Django's own test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def wrong_tokens_not_limited(monkeypatch):
    """Schemathesis sends wrong tokens too (a 401 is checked for each); the limiter that turns
    many of them into 429s has its own tests (test_token_limiter.py), so it stays out of the way
    here, and the walk's count is removed after it."""
    monkeypatch.setattr(auth, "FAILURE_LIMIT", 10**9)
    yield
    cache.delete(auth._failures_key(HttpRequest()))  # the WSGI test client sends no address


def test_generated_requests_get_declared_answers_as_agent_and_client(
    hotel, clinic, agent_token, connection_kept_open, wrong_tokens_not_limited
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
    real, failures, walked = _real_values(hotel), [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        walked += 1
        try:
            _run(operation, (agent_token, hotel.token), real)
        except (Exception, BaseExceptionGroup) as failure:  # FailureGroup: the failed checks
            failures.append(f"{operation.label}: {failure}")

    assert walked >= 30
    assert not failures, "\n\n".join(failures)
