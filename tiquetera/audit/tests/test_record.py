"""`record` appends one event with who, what, to which row, and only the changed values, in the
caller's transaction; `changes` keeps only the fields that differ, as JSON can store them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from tiquetera.audit.errors import AuditError
from tiquetera.audit.models import AuditEvent
from tiquetera.audit.services import changes, record, snapshot
from tiquetera.contracts.tests.factories import ContractFactory
from tiquetera.testing.factories import AgentFactory, ContactFactory, OrganizationFactory


@pytest.mark.django_db
def test_an_event_names_the_actor_the_verb_the_target_and_its_organization():
    contact = ContactFactory(name="Luz Pérez")
    agent = AgentFactory(username="ana", first_name="Ana", last_name="Ruiz")

    event = record(
        actor=agent,
        verb="contact.updated",
        target=contact,
        before={"role": "user"},
        after={"role": "usr"},
        note="pedido por el gerente",
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_label, stored.verb) == (agent, "Ana Ruiz", "contact.updated")
    assert stored.content_type.model_class() is type(contact)
    assert (stored.object_id, stored.target_label) == (str(contact.pk), str(contact))
    assert (stored.before, stored.after) == ({"role": "user"}, {"role": "usr"})
    assert stored.organization == contact.organization
    assert stored.note == "pedido por el gerente"
    assert stored.at is not None


@pytest.mark.django_db
def test_the_system_acts_as_sistema_and_an_organization_is_its_own_tenant():
    organization = OrganizationFactory()

    event = record(actor=None, verb="organization.created", target=organization)

    assert (event.actor, event.actor_label) == (None, "sistema")
    assert event.organization_id == organization.pk
    assert (event.before, event.after) == ({}, {})


@pytest.mark.django_db
def test_dates_and_decimals_are_stored_as_text():
    contract = ContractFactory()

    record(
        actor=None,
        verb="contract.renewed",
        target=contract,
        after={"end": dt.date(2026, 9, 1), "price": Decimal("2450.00")},
    )

    assert AuditEvent.objects.get().after == {"end": "2026-09-01", "price": "2450.00"}


@pytest.mark.django_db
@pytest.mark.parametrize("verb", ["", "started", "Contract.Started", "contract started", "x."])
def test_a_verb_is_a_dotted_slug(verb):
    with pytest.raises(AuditError) as refused:
        record(actor=None, verb=verb, target=OrganizationFactory())
    assert refused.value.code == "bad_verb"


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused():
    organization = OrganizationFactory()
    with pytest.raises(AuditError) as refused:
        record(actor=None, verb="organization.created", target=organization)
    assert refused.value.code == "outside_transaction"
    assert AuditEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_event_rolls_back_with_the_change_it_describes():
    organization = OrganizationFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=None, verb="organization.updated", target=organization)
        raise RuntimeError("the change failed")
    assert AuditEvent.objects.count() == 0


def test_changes_keeps_only_the_fields_that_differ():
    before = {"end": dt.date(2026, 8, 1), "auto_renew": True, "price": Decimal("10.00")}
    after = {"end": dt.date(2026, 9, 1), "auto_renew": True, "price": Decimal("10.00")}

    assert changes(before, after) == ({"end": "2026-08-01"}, {"end": "2026-09-01"})


def test_changes_of_equal_snapshots_is_empty():
    values = {"skills": ["nómina"], "at": dt.datetime(2026, 7, 1, 10, tzinfo=dt.UTC)}
    assert changes(values, dict(values)) == ({}, {})


def test_a_field_in_only_one_snapshot_counts_as_none_in_the_other():
    assert changes({"a": 1}, {"b": 2}) == ({"a": 1, "b": None}, {"a": None, "b": 2})


@pytest.mark.django_db
def test_a_snapshot_reads_a_foreign_key_by_its_id():
    contact = ContactFactory()
    assert snapshot(contact, ["organization", "role"]) == {
        "organization": contact.organization_id,
        "role": "user",
    }
