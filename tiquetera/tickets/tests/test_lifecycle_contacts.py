"""Attempts to reach the requester. Seed 004 (Soho Apps) closes a ticket after "9 intentos
infructuosos de contacto telefónico o electrónico": `failed_attempts` counts the failed ones
since the requester was last reached, for the SLA sweep that applies the rule."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.contacts import failed_attempts, log_contact_attempt
from tiquetera.tickets.models import ContactAttempt
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

Outcome = ContactAttempt.Outcome


def test_an_attempt_is_logged_with_one_event():
    agent, case = AgentFactory(), CaseFactory(status=Status.WAITING_ON_CLIENT)

    attempt = log_contact_attempt(
        case, channel="phone", outcome=Outcome.NO_ANSWER, actor=agent, note=" Buzón "
    )

    assert (attempt.channel, attempt.outcome, attempt.agent, attempt.note) == (
        "phone",
        Outcome.NO_ANSWER,
        agent,
        "Buzón",
    )
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor_id, event.object_id) == (
        "case.contact_attempt_logged",
        agent.pk,
        str(case.pk),
    )
    assert event.after == {"channel": "phone", "outcome": "no_answer", "failed_attempts": 1}


def test_failed_attempts_count_only_since_the_requester_was_last_reached():
    case = CaseFactory(status=Status.WAITING_ON_CLIENT)
    for outcome in [Outcome.NO_ANSWER, Outcome.BOUNCED, Outcome.REACHED, Outcome.NO_ANSWER]:
        log_contact_attempt(case, channel="phone", outcome=outcome, actor=None)

    assert failed_attempts(case) == 1

    log_contact_attempt(case, channel="email", outcome=Outcome.LEFT_MESSAGE, actor=None)
    assert failed_attempts(case) == 2
    log_contact_attempt(case, channel="phone", outcome=Outcome.REACHED, actor=None)
    assert failed_attempts(case) == 0


def test_nine_failed_attempts_in_a_row_are_counted_by_phone_or_in_writing():
    """Seed 004: "9 intentos infructuosos de contacto telefónico o electrónico"."""
    case, other = CaseFactory(status=Status.WAITING_ON_CLIENT), CaseFactory()
    log_contact_attempt(other, channel="phone", outcome=Outcome.NO_ANSWER, actor=None)
    for n in range(9):
        channel = "phone" if n % 2 else "email"
        log_contact_attempt(case, channel=channel, outcome=Outcome.NO_ANSWER, actor=None)

    assert failed_attempts(case) == 9
    assert AuditEvent.objects.filter(object_id=str(case.pk)).count() == 9


def test_a_case_never_tried_has_no_failed_attempts():
    assert failed_attempts(CaseFactory()) == 0


@pytest.mark.parametrize(("channel", "outcome"), [("pigeon", "no_answer"), ("phone", "maybe")])
def test_an_unknown_channel_or_outcome_is_refused_and_nothing_is_written(channel, outcome):
    case = CaseFactory()

    with pytest.raises(TicketsError) as refused:
        log_contact_attempt(case, channel=channel, outcome=outcome, actor=None)

    assert refused.value.code == "invalid_choice"
    assert not ContactAttempt.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_closed_case_takes_no_more_attempts():
    case = CaseFactory(status=Status.CLOSED)

    with pytest.raises(TicketsError) as refused:
        log_contact_attempt(case, channel="phone", outcome=Outcome.NO_ANSWER, actor=None)

    assert refused.value.code == "case_final"
    assert not ContactAttempt.objects.exists()
