"""Resolving a case, the confirmation that closes it, and reopening it."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.resolution import confirm_resolution, reopen, resolve
from tiquetera.tickets.models import Case, DeskRules
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def working_case(**kwargs):
    kwargs.setdefault("status", Status.IN_PROGRESS)
    return CaseFactory(requester_email="ana@hotel.co", **kwargs)


def test_resolving_stores_the_resolution_and_waits_for_the_clients_confirmation():
    agent, case = AgentFactory(), working_case()

    resolve(case, resolution="  Se reinstaló el controlador de la impresora. ", actor=agent)

    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Status.RESOLVED
    assert stored.resolution == "Se reinstaló el controlador de la impresora."
    assert stored.resolved_at is not None and stored.closed_at is None
    assert (case.status, case.resolved_at) == (Status.RESOLVED, stored.resolved_at)
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor_id) == ("case.status_changed", agent.pk)
    assert event.after["status"] == "resolved"
    assert event.after["resolution"] == "Se reinstaló el controlador de la impresora."
    mail = Notification.objects.get()
    assert mail.kind == "case_resolved"
    assert "Se reinstaló el controlador" in mail.text_body


def test_a_resolution_needs_its_note():
    case = working_case()

    with pytest.raises(TicketsError) as refused:
        resolve(case, resolution="   ", actor=None)

    assert refused.value.code == "resolution_required"
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


def test_a_policy_without_confirmation_closes_a_resolved_case_at_once():
    """Two status changes, so two events (resolved, then closed); still one email."""
    case = working_case()
    DeskRules.objects.create(policy=case.policy, confirm_resolution=False)

    resolve(case, resolution="Listo.", actor=None)

    stored = Case.objects.get(pk=case.pk)
    assert stored.status == Status.CLOSED
    assert stored.closed_at == stored.resolved_at
    assert case.status == Status.CLOSED
    statuses = [event.after["status"] for event in AuditEvent.objects.order_by("pk")]
    assert statuses == ["resolved", "closed"]
    assert Notification.objects.get().kind == "case_resolved"


def test_confirming_closes_the_case_and_tells_the_requester():
    case = working_case()
    resolve(case, resolution="Listo.", actor=None)

    confirm_resolution(case, actor=None)

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, case.status) == (Status.CLOSED, Status.CLOSED)
    assert stored.closed_at is not None
    event = AuditEvent.objects.latest("pk")
    assert event.before["status"] == "resolved"
    assert event.after["status"] == "closed"
    assert AuditEvent.objects.count() == 2
    assert Notification.objects.latest("pk").kind == "case_closed"


def test_an_unresolved_case_cannot_be_confirmed():
    case = working_case()

    with pytest.raises(TicketsError) as refused:
        confirm_resolution(case, actor=None)

    assert refused.value.code == "illegal_transition"
    assert not AuditEvent.objects.exists()
    assert not Notification.objects.exists()


def test_reopening_goes_back_to_work_and_clears_the_resolution():
    case = working_case()
    resolve(case, resolution="Listo.", actor=None)

    reopen(case, actor=None, reason="Sigue sin imprimir")

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.resolution, stored.resolved_at) == (Status.IN_PROGRESS, "", None)
    event = AuditEvent.objects.latest("pk")
    assert (event.note, event.before["resolution"], event.after["status"]) == (
        "Sigue sin imprimir",
        "Listo.",
        "in_progress",
    )
    assert AuditEvent.objects.count() == 2


def test_reopening_needs_a_reason():
    case = working_case(status=Status.RESOLVED)

    with pytest.raises(TicketsError) as refused:
        reopen(case, actor=None, reason="")

    assert refused.value.code == "reason_required"
    assert not AuditEvent.objects.exists()


def test_a_closed_case_is_never_reopened():
    case = working_case(status=Status.CLOSED)

    with pytest.raises(TicketsError) as refused:
        reopen(case, actor=None, reason="Sigue sin imprimir")

    assert refused.value.code == "illegal_transition"
    assert not AuditEvent.objects.exists()
