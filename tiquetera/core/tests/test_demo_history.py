"""The demo's backdated steps date their audit events at the step's time, not when the demo was
loaded: a case's history reads in the order things happened (issue 16's clean-ups)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.audit.services import backdated, record
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.factories import CaseFactory


@pytest.mark.django_db
def test_a_demo_cases_history_is_dated_by_its_steps_and_reads_in_order():
    loaded = timezone.now()
    call_command("demo", "--setup-only", "--cases", "30", stdout=StringIO())

    cases = list(Case.objects.all())
    assert cases
    for case in cases:
        events = list(AuditEvent.objects.filter(object_id=str(case.pk)).order_by("pk"))
        opened = next(e for e in events if e.verb == "case.created")
        assert opened.at == case.created_at  # when it arrived, days or weeks ago
        times = [event.at for event in events if event.content_type.model == "case"]
        assert times == sorted(times), case.number
    old = AuditEvent.objects.filter(
        verb="case.status_changed", at__lt=loaded - dt.timedelta(days=1)
    )
    assert old.exists()  # the steps moved along in the past are dated there


@pytest.mark.django_db
def test_outside_a_backdated_block_events_are_dated_now():
    case = CaseFactory()
    past = timezone.now() - dt.timedelta(days=3)
    with transaction.atomic():
        with backdated(past):
            then = record(actor=None, verb="case.event", target=case)
        now = record(actor=None, verb="case.event", target=case)
    assert then.at == past
    assert now.at > past + dt.timedelta(days=2)
