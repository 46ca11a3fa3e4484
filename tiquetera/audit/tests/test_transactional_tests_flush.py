"""A transactional test that writes audit events still ends cleanly on SQLite, whose flush
(DELETE FROM) the append-only triggers would refuse (tiquetera/conftest.py lifts them for it)."""

import pytest
from django.db import transaction

from tiquetera.audit.models import AuditEvent
from tiquetera.audit.services import record
from tiquetera.testing.factories import OrganizationFactory


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_may_leave_events_behind():
    with transaction.atomic():
        record(actor=None, verb="organization.created", target=OrganizationFactory())
    assert AuditEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_with_an_empty_log():
    assert AuditEvent.objects.count() == 0
