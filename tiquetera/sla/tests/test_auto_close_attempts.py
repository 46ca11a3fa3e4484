"""Seed 004 (Soho Apps): a ticket is closed after "9 intentos infructuosos de contacto telefónico o
electrónico con el solicitante", and the requester is told we could not reach them and asked to
open a new case. The 9th failed attempt in a row closes it as it is logged; a reached attempt
starts the count again."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.notifications.models import Notification
from tiquetera.sla.models import SlaSettings
from tiquetera.sla.timers import close_after_failed_attempts
from tiquetera.testing.factories import AgentFactory, OrganizationFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.contacts import log_contact_attempt
from tiquetera.tickets.models import Case, ContactAttempt
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.tests.intake_world import preset

pytestmark = pytest.mark.django_db

Outcome = ContactAttempt.Outcome
REQUESTER = "ana.perez@hotelcliente.co"


@pytest.fixture
def soho():
    """The preset, with its failed-attempt limit as the seed states it."""
    policy = preset("soho-apps")
    SlaSettings.objects.update_or_create(policy=policy, defaults={"auto_close_failed_attempts": 9})
    return policy


def soho_case(policy, status=Status.IN_PROGRESS) -> Case:
    return CaseFactory(
        organization=OrganizationFactory(policy=policy), status=status, requester_email=REQUESTER
    )


def fail(case: Case, times: int, actor=None) -> None:
    for n in range(times):
        channel = "phone" if n % 2 else "email"
        log_contact_attempt(case, channel=channel, outcome=Outcome.NO_ANSWER, actor=actor)


def status_of(case: Case) -> str:
    return Case.objects.values_list("status", flat=True).get(pk=case.pk)


def test_eight_failed_attempts_do_not_close_the_case(soho):
    case = soho_case(soho)

    fail(case, 8)

    assert status_of(case) == Status.IN_PROGRESS
    assert not Notification.objects.filter(kind="case_auto_closed").exists()


def test_the_ninth_failed_attempt_closes_the_case_and_tells_the_requester(soho):
    agent, case = AgentFactory(), soho_case(soho, status=Status.WAITING_ON_CLIENT)

    fail(case, 9, actor=agent)

    closed = Case.objects.get(pk=case.pk)
    assert (closed.status, closed.waiting_since) == (Status.CLOSED, None)
    assert closed.closed_at is not None
    notice = Notification.objects.get(kind="case_auto_closed")
    assert notice.to == REQUESTER
    event = AuditEvent.objects.get(verb="case.status_changed")
    assert (event.actor_id, event.after["status"]) == (agent.pk, "closed")
    assert "9" in event.note


def test_a_reached_attempt_starts_the_count_again(soho):
    case = soho_case(soho)
    fail(case, 5)
    log_contact_attempt(case, channel="phone", outcome=Outcome.REACHED, actor=None)

    fail(case, 8)
    assert status_of(case) == Status.IN_PROGRESS

    fail(case, 1)
    assert status_of(case) == Status.CLOSED


def test_a_closed_case_takes_no_more_attempts(soho):
    case = soho_case(soho)
    fail(case, 9)

    with pytest.raises(TicketsError) as refused:
        fail(case, 1)

    assert refused.value.code == "case_final"
    assert Notification.objects.filter(kind="case_auto_closed").count() == 1


def test_closing_twice_closes_once(soho):
    case = soho_case(soho)
    fail(case, 9)

    assert close_after_failed_attempts(case) is False
    assert AuditEvent.objects.filter(verb="case.status_changed").count() == 1


def test_a_case_escalated_to_rd_is_not_closed_by_attempts(soho):
    """The lifecycle table does not let a case escalated to R&D close: it waits for the fix."""
    case = soho_case(soho, status=Status.ESCALATED_RD)

    fail(case, 9)

    assert status_of(case) == Status.ESCALATED_RD


def test_a_policy_without_the_rule_never_closes_on_attempts(soho):
    SlaSettings.objects.filter(policy=soho).update(auto_close_failed_attempts=None)
    case = soho_case(soho)

    fail(case, 12)

    assert status_of(case) == Status.IN_PROGRESS
