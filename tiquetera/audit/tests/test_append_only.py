"""Audit events are append-only (DESIGN.md): not through the model, not through a QuerySet, not
through raw SQL — on SQLite and PostgreSQL alike. The database may only forget a deleted user or
organization; the names stay."""

import pytest
from django.db import DatabaseError, connection, transaction

from tiquetera.audit.errors import AuditError
from tiquetera.audit.models import AuditEvent
from tiquetera.audit.services import record
from tiquetera.testing.factories import AgentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    organization = OrganizationFactory(legal_name="Hotel Sol")
    return record(
        actor=AgentFactory(username="ana", first_name="Ana", last_name="Ruiz"),
        verb="organization.updated",
        target=organization,
        before={"edition": "LOCAL"},
        after={"edition": "WEB"},
    )


def test_an_event_is_never_saved_again(event):
    event.note = "rewritten"
    with pytest.raises(AuditError) as refused:
        event.save()
    assert refused.value.code == "append_only"


def test_an_event_is_never_deleted(event):
    with pytest.raises(AuditError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_queryset_refuses_bulk_update_and_delete(event):
    with pytest.raises(AuditError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="organization.created")
    with pytest.raises(AuditError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).verb == "organization.updated"


def _raw(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:  # a savepoint: PostgreSQL goes on
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET verb = 'contract.started' WHERE id = %s",
        "UPDATE audit_auditevent SET after = '{}' WHERE id = %s",
        "UPDATE audit_auditevent SET actor_label = 'nadie', actor_id = NULL WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_delete_an_event(event, sql):
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(sql, [event.pk])
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.verb, stored.after, stored.actor_label) == (
        "organization.updated",
        {"edition": "WEB"},
        "Ana Ruiz",
    )


def test_raw_sql_cannot_point_an_event_at_another_user(event):
    other = AgentFactory(username="otro")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE audit_auditevent SET actor_id = %s WHERE id = %s", [other.pk, event.pk])


def test_deleting_the_actor_keeps_the_event_and_the_name(event):
    event.actor.delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None
    assert stored.actor_label == "Ana Ruiz"


def test_deleting_the_organization_keeps_the_event_and_the_label(event):
    event.organization.delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.organization is None
    assert stored.target_label == "Hotel Sol"
