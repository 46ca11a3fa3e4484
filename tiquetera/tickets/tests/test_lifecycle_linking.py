"""One requirement per case, and duplicates. Seed 004 (Soho Apps): "No se atenderán nuevos
requerimientos realizados de manera verbal durante el momento de contacto telefónico. Cada
requerimiento adicional deberá ser creado con un nuevo ticket." """

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.models import EntitlementPeriod
from tiquetera.contracts.services import consume
from tiquetera.contracts.tests.factories import JULY_1, ContractFactory, PlanFactory, at
from tiquetera.notifications.models import Notification
from tiquetera.testing.factories import AgentFactory, OrganizationFactory
from tiquetera.tickets.errors import TicketsError
from tiquetera.tickets.lifecycle.linking import merge_duplicate, split_case
from tiquetera.tickets.models import Case, DeskRules
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_second_requirement_becomes_a_new_case_split_from_the_first():
    """Seed 004: "Cada requerimiento adicional deberá ser creado con un nuevo ticket" — through
    the intake pipeline, so it is numbered, consumes its own ticket and its requester is told."""
    agent = AgentFactory()
    contract = ContractFactory(plan=PlanFactory(total_cap=5), start=JULY_1, end=None)
    case = CaseFactory(
        organization=contract.organization,
        status=Status.IN_PROGRESS,
        requester_name="Ana Gómez",
        requester_email="ana@hotel.co",
        severity="S2",
        priority="P2",
        fields={"module": "reservas"},
    )
    DeskRules.objects.create(policy=case.policy, case_prefix="SOHO")

    new = split_case(
        case, subject=" Reporte de ocupación vacío ", description="Desde ayer.", actor=agent
    )

    new.refresh_from_db()
    assert new.pk != case.pk
    assert new.split_from == case
    assert new.number.startswith("SOHO-")
    assert (new.subject, new.description, new.status, new.intake) == (
        "Reporte de ocupación vacío",
        "Desde ayer.",
        Status.OPEN,
        Case.Intake.ACCEPTED,
    )
    assert (new.organization, new.requester_email, new.severity, new.fields) == (
        case.organization,
        "ana@hotel.co",
        "S2",
        {"module": "reservas"},
    )
    assert new.consumption is not None and new.consumption.reference == new.number
    event = AuditEvent.objects.get()  # the pipeline's, for the whole split
    assert (event.verb, event.object_id, event.actor_id) == ("case.created", str(new.pk), agent.pk)
    assert Notification.objects.filter(to="ana@hotel.co").exists()
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS


def test_a_split_needs_a_subject():
    case = CaseFactory()

    with pytest.raises(TicketsError) as refused:
        split_case(case, subject=" ", description="x", actor=None)

    assert refused.value.code == "subject_required"
    assert Case.objects.count() == 1
    assert not AuditEvent.objects.exists()


def case_that_consumed_a_ticket(organization, status=Status.NEW):
    case = CaseFactory(organization=organization, status=status)
    case.consumption = consume(organization, "P3", reference=case.number, at=at(JULY_1)).consumption
    case.save()
    return case


def test_a_duplicate_is_closed_and_its_ticket_credited_back():
    plan = PlanFactory(total_cap=3)
    contract = ContractFactory(plan=plan)
    original = CaseFactory(organization=contract.organization, status=Status.OPEN)
    duplicate = case_that_consumed_a_ticket(contract.organization)
    period = EntitlementPeriod.objects.get(contract=contract)
    assert period.total_used == 1
    agent = AgentFactory()

    merge_duplicate(duplicate, into=original, actor=agent)

    stored = Case.objects.get(pk=duplicate.pk)
    assert (stored.status, stored.duplicate_of, stored.closed_at is not None) == (
        Status.CLOSED,
        original,
        True,
    )
    assert (duplicate.status, duplicate.duplicate_of) == (Status.CLOSED, original)
    period.refresh_from_db()
    assert period.total_used == 0
    stored.consumption.refresh_from_db()
    assert stored.consumption.credit_reason == "duplicate"
    # one event per merge: the status change, which says the ticket was credited back
    case_event = AuditEvent.objects.get()
    assert (case_event.verb, case_event.object_id, case_event.actor_id) == (
        "case.status_changed",
        str(duplicate.pk),
        agent.pk,
    )
    assert case_event.after["duplicate_of"] == original.pk
    assert case_event.after["credited_back"] == "duplicate"
    assert not Notification.objects.exists()


def test_a_duplicate_that_consumed_nothing_is_only_closed():
    organization = OrganizationFactory()
    original = CaseFactory(organization=organization, status=Status.OPEN)
    duplicate = CaseFactory(organization=organization, status=Status.PENDING_INFORMATION)

    merge_duplicate(duplicate, into=original, actor=None)

    assert Case.objects.get(pk=duplicate.pk).status == Status.CLOSED
    assert "credited_back" not in AuditEvent.objects.get().after
    assert AuditEvent.objects.get().before == {
        "status": "pending_information",
        "duplicate_of": None,
        "closed_at": None,
    }


def test_cases_of_two_organizations_are_never_merged():
    original, duplicate = CaseFactory(), CaseFactory()

    with pytest.raises(TicketsError) as refused:
        merge_duplicate(duplicate, into=original, actor=None)

    assert refused.value.code == "merge_other_organization"
    assert Case.objects.get(pk=duplicate.pk).duplicate_of is None
    assert not AuditEvent.objects.exists()


def test_a_case_is_not_a_duplicate_of_itself():
    case = CaseFactory()

    with pytest.raises(TicketsError) as refused:
        merge_duplicate(case, into=case, actor=None)

    assert refused.value.code == "merge_into_self"


def test_a_case_with_rd_cannot_be_closed_as_a_duplicate_by_the_lifecycle_table():
    organization = OrganizationFactory()
    original = CaseFactory(organization=organization)
    duplicate = CaseFactory(organization=organization, status=Status.ESCALATED_RD)

    with pytest.raises(TicketsError) as refused:
        merge_duplicate(duplicate, into=original, actor=None)

    assert refused.value.code == "duplicate_not_closable"
    stored = Case.objects.get(pk=duplicate.pk)
    assert (stored.status, stored.duplicate_of) == (Status.ESCALATED_RD, None)
    assert not AuditEvent.objects.exists()


def test_a_duplicate_is_merged_into_the_original_not_into_another_duplicate():
    organization = OrganizationFactory()
    original = CaseFactory(organization=organization)
    first_copy = CaseFactory(organization=organization)
    second_copy = CaseFactory(organization=organization)
    merge_duplicate(first_copy, into=original, actor=None)

    with pytest.raises(TicketsError) as refused:
        merge_duplicate(second_copy, into=first_copy, actor=None)

    assert refused.value.code == "merge_into_duplicate"
    assert original.number in refused.value.message
    assert AuditEvent.objects.count() == 1
