"""Personal API tokens: shown once, stored as a digest, revocable, scoped, rate-limited."""

import datetime as dt
import hashlib

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from tiquetera.api.models import ApiToken
from tiquetera.api.tests.conftest import bearer
from tiquetera.api.tokens import TokenError, issue_token, revoke_token, user_for_token
from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import AgentFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_failures_counted():
    cache.clear()
    yield
    cache.clear()


def test_only_the_digest_is_stored_and_the_token_works_once_issued():
    agent = AgentFactory()

    _row, token = issue_token(agent, name="Integración ERP", actor=agent)

    assert token.startswith("tq_") and len(token) >= 40
    stored = ApiToken.objects.get()
    assert token not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert stored.prefix == token[:10] and stored.organization is None
    assert user_for_token(token) == agent
    assert ApiToken.objects.get().last_used_at is not None
    event = AuditEvent.objects.get()
    assert event.verb == "api_token.issued" and token not in str(event.after)


def test_a_clients_token_is_scoped_to_its_organization(hotel):
    row = ApiToken.objects.get(user=hotel.contact.user)
    assert row.organization == hotel.organization

    assert user_for_token(hotel.token) == hotel.contact.user

    hotel.contact.organization = OrganizationFactory()  # moved to another client: token void
    hotel.contact.save()
    assert user_for_token(hotel.token) is None


def test_a_contact_who_left_the_client_loses_the_token(hotel):
    hotel.contact.is_active = False
    hotel.contact.save()

    assert user_for_token(hotel.token) is None


def test_revoked_expired_and_unknown_tokens_are_refused(hotel):
    agent = AgentFactory()
    row, token = issue_token(agent, name="x", actor=agent)
    revoke_token(row, actor=agent)
    assert user_for_token(token) is None
    assert user_for_token("tq_" + "a" * 40) is None
    assert user_for_token("not-a-token") is None

    row2, token2 = issue_token(
        agent, name="y", actor=agent, expires_at=timezone.now() + dt.timedelta(seconds=1)
    )
    ApiToken.objects.filter(pk=row2.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert user_for_token(token2) is None
    assert bearer(token).get("/api/v1/cases").status_code == 401


def test_a_token_in_use_stops_working_the_moment_it_is_revoked():
    agent = AgentFactory()
    row, token = issue_token(agent, name="x", actor=agent)
    client = bearer(token)
    assert client.get("/api/v1/cases").status_code == 200  # its read is warm

    revoke_token(row, actor=agent)

    assert client.get("/api/v1/cases").status_code == 401


def test_an_agent_who_is_no_longer_staff_loses_the_tokens_rights():
    agent = AgentFactory()
    _, token = issue_token(agent, name="x", actor=agent)
    agent.is_staff = False
    agent.save()

    assert user_for_token(token) is None


def test_nobody_issues_tokens_for_someone_else_and_a_user_without_rights_gets_none():
    agent, other = AgentFactory(), AgentFactory()
    with pytest.raises(TokenError) as refused:
        issue_token(other, name="x", actor=agent)
    assert refused.value.code == "not_allowed"
    nobody = UserFactory()
    with pytest.raises(TokenError) as refused:
        issue_token(nobody, name="x", actor=nobody)
    assert refused.value.code == "no_rights"
    assert not ApiToken.objects.exists()


def test_tokens_over_the_api_are_shown_once_listed_without_the_secret_and_revoked(agent_token):
    api = bearer(agent_token)

    created = api.post("/api/v1/tokens", {"name": "Zapier"}, content_type="application/json")

    assert created.status_code == 201
    token = created.json()["token"]
    listed = api.get("/api/v1/tokens").json()
    assert {t["name"] for t in listed} == {"integración", "Zapier"}
    assert token not in str(listed)
    revoked = api.delete(f"/api/v1/tokens/{created.json()['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert bearer(token).get("/api/v1/cases").status_code == 401


def test_a_token_of_someone_else_cannot_be_revoked(hotel, agent_token):
    theirs = ApiToken.objects.get(user=hotel.contact.user)

    response = bearer(agent_token).delete(f"/api/v1/tokens/{theirs.pk}")

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_errors_are_json_with_a_code_and_a_spanish_message():
    response = Client().get("/api/v1/cases")

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized"
    assert "token" in body["message"] and "sesión" in body["message"]
