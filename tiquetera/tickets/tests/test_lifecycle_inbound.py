"""A client's message on an existing case, from any channel."""

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.testing.factories import ContactFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.inbound import accepts_messages, client_wrote
from tiquetera.tickets.models import Article, Case
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.tests.intake_world import client, request

pytestmark = pytest.mark.django_db


def case_in(status, **kwargs):
    case = CaseFactory(status=status, **kwargs)
    return case, ContactFactory(organization=case.organization)


def test_an_answer_puts_a_case_waiting_on_the_client_back_in_progress():
    case, contact = case_in(Status.WAITING_ON_CLIENT)

    article = client_wrote(case, body="Ya reinicié el servidor.", contact=contact, channel="email")

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, case.status) == (Status.IN_PROGRESS, Status.IN_PROGRESS)
    assert stored.waiting_since is None
    assert (article.kind, article.author_contact, article.channel) == (
        Article.Kind.REPLY,
        contact,
        "email",
    )
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", "note"))
    assert verbs == [("case.replied", ""), ("case.status_changed", "El cliente respondió.")]


def test_a_message_after_the_resolution_reopens_the_case():
    case, contact = case_in(Status.RESOLVED, resolution="Listo.")

    client_wrote(case, body="Sigue fallando.", contact=contact, channel="whatsapp")

    stored = Case.objects.get(pk=case.pk)
    assert (stored.status, stored.resolution, stored.resolved_at) == (Status.IN_PROGRESS, "", None)


@pytest.mark.parametrize("status", [Status.OPEN, Status.IN_PROGRESS, Status.PENDING_VERIFICATION])
def test_other_statuses_only_take_the_reply(status):
    case, contact = case_in(status)

    client_wrote(case, body="Un dato más.", contact=contact, channel="email")

    assert Case.objects.get(pk=case.pk).status == status
    assert list(AuditEvent.objects.values_list("verb", flat=True)) == ["case.replied"]


@pytest.mark.parametrize("status", [Status.CLOSED, Status.REJECTED, Status.INVALID])
def test_a_final_case_takes_no_more_messages(status):
    case, contact = case_in(status)

    assert not accepts_messages(case)
    with pytest.raises(TicketsError) as refused:
        client_wrote(case, body="¿Hola?", contact=contact, channel="email")

    assert refused.value.code == "case_final"
    assert not Article.objects.exists() and not AuditEvent.objects.exists()


def test_a_contact_of_another_organization_cannot_write_on_the_case():
    case, _ = case_in(Status.WAITING_ON_CLIENT)

    with pytest.raises(TicketsError):
        client_wrote(case, body="Hola", contact=ContactFactory(), channel="email")

    assert Case.objects.get(pk=case.pk).status == Status.WAITING_ON_CLIENT
    assert not Article.objects.exists()


def test_a_message_on_a_case_parked_for_information_completes_it():
    """ISYS needs a description: an email case that came without one is parked; the client's
    next message is the description, and the rules let the case in."""
    _org, contact = client("isys", plan="soporte-actualizaciones")
    parked = submit(request(contact, channel="email", case_type="soporte", description=""))
    assert parked.status == Status.PENDING_INFORMATION, parked.intake_message

    client_wrote(
        parked, body="El módulo de nómina no abre: error N-12.", contact=contact, channel="email"
    )

    stored = Case.objects.get(pk=parked.pk)
    assert stored.status == Status.OPEN and parked.status == Status.OPEN
    assert "error N-12" in stored.description
