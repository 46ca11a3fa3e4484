"""A case moves only along the lifecycle table (`tickets/statuses.py`): every allowed move works
and leaves exactly one audit event; every other move is refused and leaves none; closed, invalid,
rejected and referred are final."""

import itertools

import pytest
from django.utils import translation

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.models import Case
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import FINAL, TRANSITIONS, Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ALLOWED = sorted((source, target) for source, targets in TRANSITIONS.items() for target in targets)
ILLEGAL = sorted(
    (source, target)
    for source, target in itertools.product(Status, Status)
    if target not in TRANSITIONS[source]
)


def test_the_table_names_every_status():
    assert set(TRANSITIONS) == set(Status)


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_allowed_transition_moves_the_case_and_leaves_one_event(source, target):
    agent = AgentFactory()
    case = CaseFactory(status=source)

    change_status(case, target, actor=agent, reason="por prueba")

    assert case.status == target
    assert Case.objects.get(pk=case.pk).status == target
    event = AuditEvent.objects.get()
    assert event.verb == "case.status_changed"
    assert (event.object_id, event.actor_id) == (str(case.pk), agent.pk)
    assert (event.before, event.after) == ({"status": source}, {"status": target})
    assert event.organization_id == case.organization_id
    assert event.note == "por prueba"


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_illegal_transition_is_refused_and_leaves_no_event(source, target):
    case = CaseFactory(status=source)

    with pytest.raises(TicketsError) as refused:
        change_status(case, target, actor=None)

    assert refused.value.code == "illegal_transition"
    assert Case.objects.get(pk=case.pk).status == source
    assert case.status == source
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("final", sorted(FINAL))
def test_final_statuses_have_no_way_out(final):
    case = CaseFactory(status=final)

    for target in Status:
        with pytest.raises(TicketsError):
            change_status(case, target, actor=None)

    assert not AuditEvent.objects.exists()


def test_closed_is_final():
    assert Status.CLOSED in FINAL
    assert TRANSITIONS[Status.CLOSED] == frozenset()


def test_resolved_case_can_be_reopened_then_closed():
    case = CaseFactory(status=Status.RESOLVED)

    change_status(case, Status.IN_PROGRESS, actor=None, reason="el cliente dice que sigue")
    change_status(case, Status.RESOLVED, actor=None)
    change_status(case, Status.CLOSED, actor=None)

    assert AuditEvent.objects.filter(verb="case.status_changed").count() == 3


def test_refusal_names_both_statuses_in_the_active_language():
    case = CaseFactory(status=Status.CLOSED)

    with pytest.raises(TicketsError) as refused:
        change_status(case, Status.OPEN, actor=None)

    with translation.override("en"):
        assert refused.value.message == "A case cannot go from “closed” to “open”."


def test_unknown_status_is_refused():
    case = CaseFactory()

    with pytest.raises(TicketsError) as refused:
        change_status(case, "archived", actor=None)

    assert refused.value.code == "unknown_status"
    assert Case.objects.get(pk=case.pk).status == Status.NEW
    assert not AuditEvent.objects.exists()
