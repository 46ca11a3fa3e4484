"""Bugs escalated to R&D with a committed fix date the requester is told. Seed 004 (Soho Apps):
"Si el análisis de ticket determina que es un bug del software, el área de Investigación y
desarrollo procederá determinar el tiempo máximo que tarda la solución la cual será notificada
al solicitante.\""""

import datetime as dt

import pytest
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.periods import local_date
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.escalation import escalate_to_rd, set_fix_date
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def today():
    return local_date(timezone.now(), "America/Bogota")


def bug_case(**kwargs):
    kwargs.setdefault("status", Status.IN_PROGRESS)
    return CaseFactory(requester_email="ana@hotel.co", **kwargs)


def test_escalating_stores_the_fix_date_and_tells_the_requester_in_one_event():
    """Seed 004: R&D sets the fix date, "la cual será notificada al solicitante"."""
    agent, case = AgentFactory(), bug_case()
    due = today() + dt.timedelta(days=10)

    escalate_to_rd(case, fix_due_on=due, actor=agent, note="Error al redondear el IVA")

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.fix_due_on) == (Status.ESCALATED_RD, due)
    assert (case.status, case.fix_due_on) == (Status.ESCALATED_RD, due)
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor_id, event.note) == (
        "case.status_changed",
        agent.pk,
        "Error al redondear el IVA",
    )
    assert event.before == {"status": "in_progress", "fix_due_on": None}
    assert event.after == {"status": "escalated_rd", "fix_due_on": due.isoformat()}
    mail = Notification.objects.get()
    assert (mail.kind, mail.to) == ("case_escalated", "ana@hotel.co")
    assert mail.subject.startswith(f"[{case.number}]")
    assert str(due.year) in mail.text_body


def test_a_fix_date_in_the_past_is_refused_and_nothing_is_written():
    case = bug_case()

    with pytest.raises(TicketsError) as refused:
        escalate_to_rd(case, fix_due_on=today() - dt.timedelta(days=1), actor=None)

    assert refused.value.code == "fix_date_past"
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


def test_a_case_the_table_does_not_let_escalate_is_refused():
    case = bug_case(status=Status.WAITING_ON_CLIENT)

    with pytest.raises(TicketsError) as refused:
        escalate_to_rd(case, fix_due_on=today(), actor=None)

    assert refused.value.code == "illegal_transition"
    assert Case.objects.get(pk=case.pk).fix_due_on is None
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


def test_changing_the_fix_date_tells_the_requester_again():
    """Seed 004: the requester always knows the date R&D committed to."""
    case = bug_case()
    first, later = today() + dt.timedelta(days=5), today() + dt.timedelta(days=12)
    escalate_to_rd(case, fix_due_on=first, actor=None)

    set_fix_date(case, fix_due_on=later, actor=None, note="Depende de la DIAN")

    assert Case.objects.get(pk=case.pk).fix_due_on == later
    event = AuditEvent.objects.latest("pk")
    assert event.verb == "case.fix_date_changed"
    assert (event.before, event.after) == (
        {"fix_due_on": first.isoformat()},
        {"fix_due_on": later.isoformat()},
    )
    assert AuditEvent.objects.count() == 2
    assert list(Notification.objects.values_list("kind", flat=True).order_by("pk")) == [
        "case_escalated",
        "case_fix_date_changed",
    ]


def test_the_same_fix_date_again_writes_nothing():
    case = bug_case()
    due = today() + dt.timedelta(days=5)
    escalate_to_rd(case, fix_due_on=due, actor=None)

    set_fix_date(case, fix_due_on=due, actor=None)

    assert AuditEvent.objects.count() == 1
    assert Notification.objects.count() == 1


def test_only_an_escalated_case_has_a_fix_date_to_change():
    case = bug_case()

    with pytest.raises(TicketsError) as refused:
        set_fix_date(case, fix_due_on=today(), actor=None)

    assert refused.value.code == "not_escalated"
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()
