"""The admin shows the audit log to read, with filters and search; nobody adds, changes or
deletes an event there."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tiquetera.audit.models import AuditEvent
from tiquetera.audit.services import record
from tiquetera.testing.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def event():
    with transaction.atomic():
        return record(
            actor=None,
            verb="organization.created",
            target=OrganizationFactory(legal_name="Hotel Sol"),
        )


def test_the_log_lists_filters_and_searches(admin_client, event):
    url = reverse("admin:audit_auditevent_changelist")
    assert b"Hotel Sol" in admin_client.get(url).content
    assert b"Hotel Sol" in admin_client.get(url, {"verb": "organization.created"}).content
    assert b"Hotel Sol" not in admin_client.get(url, {"q": "Hotel Luna"}).content


def test_an_event_is_shown_read_only(admin_client, event):
    url = reverse("admin:audit_auditevent_change", args=[event.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert admin_client.post(url, {"verb": "x.y"}).status_code == 403


def test_nobody_adds_or_deletes_an_event(admin_client, event):
    assert admin_client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
