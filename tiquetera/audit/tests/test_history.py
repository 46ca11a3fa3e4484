"""A row's history: every event in the order it happened; an agent sees it all, a client's user
only the events of their own organization, anyone else nothing."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.audit.selectors import history_of
from tiquetera.audit.services import record
from tiquetera.testing.factories import (
    AgentFactory,
    AgentProfileFactory,
    ContactFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organization():
    return OrganizationFactory()


def portal_user_of(organization):
    user = UserFactory()
    ContactFactory(organization=organization, user=user)
    return user


def test_history_is_in_time_order_then_in_the_order_recorded(organization):
    created = record(actor=None, verb="organization.created", target=organization)
    updated = record(actor=None, verb="organization.updated", target=organization)
    AuditEvent.objects.create(  # an event dated before the others, recorded last
        at=timezone.now() - dt.timedelta(days=1),
        actor_label="sistema",
        verb="organization.imported",
        content_type=created.content_type,
        object_id=str(organization.pk),
        target_label=str(organization),
        organization=organization,
    )

    history = history_of(organization, AgentFactory())

    assert [e.verb for e in history] == [
        "organization.imported",
        "organization.created",
        "organization.updated",
    ]
    assert created.at <= updated.at


def test_history_of_a_row_leaves_other_rows_out(organization):
    record(actor=None, verb="organization.created", target=organization)
    record(actor=None, verb="organization.created", target=OrganizationFactory())
    assert len(history_of(organization, AgentFactory())) == 1


def test_a_client_sees_the_history_of_their_own_organization_only(organization):
    other = OrganizationFactory()
    record(actor=None, verb="organization.created", target=organization)
    record(actor=None, verb="organization.created", target=other)

    user = portal_user_of(organization)

    assert [e.organization_id for e in history_of(organization, user)] == [organization.pk]
    assert list(history_of(other, user)) == []


def test_an_event_without_organization_is_for_agents_only(organization):
    agent_profile = AgentProfileFactory()
    record(actor=None, verb="agent.added", target=agent_profile)
    assert len(history_of(agent_profile, AgentFactory())) == 1
    assert list(history_of(agent_profile, portal_user_of(organization))) == []


def test_anonymous_and_plain_users_see_nothing(organization):
    record(actor=None, verb="organization.created", target=organization)
    assert list(history_of(organization, AnonymousUser())) == []
    assert list(history_of(organization, UserFactory())) == []


def test_history_takes_one_query(organization, django_assert_num_queries):
    record(actor=AgentFactory(), verb="organization.created", target=organization)
    viewer = AgentFactory()
    with django_assert_num_queries(1):
        events = list(history_of(organization, viewer))
        assert events[0].actor.username and events[0].organization.legal_name
