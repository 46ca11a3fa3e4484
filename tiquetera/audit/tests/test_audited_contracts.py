"""Every contract service that changes a contract, a purchase order or a consumption leaves
exactly one audit event per change, and none when it changed nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Consumption, Plan
from tiquetera.contracts.services import (
    attach_purchase_order,
    consume,
    credit_back,
    expire_contracts,
    renew_contracts,
    request_cancellation,
    start_contract,
)
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory, PurchaseOrderFactory, at
from tiquetera.testing.factories import AgentFactory, OrganizationFactory

from .helpers import events_of, verbs_of

pytestmark = pytest.mark.django_db
AUGUST_1 = dt.date(2026, 8, 1)


@pytest.fixture
def agent():
    return AgentFactory(username="ana", first_name="Ana", last_name="Ruiz")


@pytest.fixture
def organization():
    plan = PlanFactory(key="basico", total_cap=1, when_exhausted=Plan.WhenExhausted.PER_EVENT_PO)
    return OrganizationFactory(policy=plan.policy)


def start(organization, agent, **kwargs):
    kwargs.setdefault("end", AUGUST_1)
    return start_contract(organization, "basico", start=JULY_1, actor=agent, **kwargs)


def test_starting_a_contract_is_one_event_by_its_actor(organization, agent):
    contract = start(organization, agent)

    (event,) = events_of(contract)
    assert (event.verb, event.actor, event.organization) == (
        "contract.started",
        agent,
        organization,
    )
    assert event.after == {
        "plan": "basico",
        "start": "2026-07-01",
        "end": "2026-08-01",
        "auto_renew": True,
        "is_legacy": False,
    }


def test_a_refused_start_leaves_no_event(organization, agent):
    start(organization, agent)
    with pytest.raises(ContractsError):  # overlapping
        start(organization, agent)
    assert AuditEvent.objects.filter(verb="contract.started").count() == 1


def test_a_cancellation_request_is_one_event_with_the_new_end(organization, agent):
    contract = start(organization, agent, end=None)

    request_cancellation(contract, on=dt.date(2026, 7, 20), actor=agent)

    assert verbs_of(contract) == ["contract.started", "contract.cancellation_requested"]
    event = events_of(contract)[-1]
    assert event.actor == agent
    assert event.before == {"cancel_requested_on": None, "end": None, "auto_renew": True}
    assert event.after == {
        "cancel_requested_on": "2026-07-20",
        "end": "2026-08-01",
        "auto_renew": False,
    }


def test_a_renewal_is_one_event_by_the_system_and_only_once(organization, agent):
    contract = start(organization, agent)

    renew_contracts(AUGUST_1)
    renew_contracts(AUGUST_1)

    assert verbs_of(contract) == ["contract.started", "contract.renewed"]
    event = events_of(contract)[-1]
    assert (event.actor, event.actor_label) == (None, "sistema")
    assert (event.before, event.after) == ({"end": "2026-08-01"}, {"end": "2026-09-01"})


def test_expiry_is_one_event_and_only_once(organization, agent):
    contract = start(organization, agent, auto_renew=False)

    expire_contracts(AUGUST_1)
    expire_contracts(AUGUST_1)

    assert verbs_of(contract) == ["contract.started", "contract.expired"]
    event = events_of(contract)[-1]
    assert (event.before, event.after, event.actor) == (
        {"status": "active"},
        {"status": "expired"},
        None,
    )


def test_a_cancelled_contract_ends_with_one_cancelled_event(organization, agent):
    contract = start(organization, agent, end=None)
    request_cancellation(contract, on=dt.date(2026, 7, 20), actor=agent)

    expire_contracts(AUGUST_1)

    assert verbs_of(contract)[-1] == "contract.cancelled"
    assert len(verbs_of(contract)) == 3


def test_consuming_writes_no_event_the_case_pipeline_audits_the_case(organization, agent):
    start(organization, agent)
    before = AuditEvent.objects.count()

    consume(organization, "P1", reference="case-1", at=at(JULY_1))
    consume(organization, "P1", reference="case-2", at=at(JULY_1))

    assert AuditEvent.objects.count() == before


def test_crediting_back_is_one_event_and_a_second_call_writes_none(organization, agent):
    start(organization, agent)
    consumption = consume(organization, "P1", reference="case-1", at=at(JULY_1)).consumption

    assert credit_back(consumption, reason=Consumption.CreditReason.INVALID, actor=agent)
    assert not credit_back(consumption, reason=Consumption.CreditReason.INVALID, actor=agent)

    (event,) = events_of(consumption)
    assert (event.verb, event.actor, event.organization) == (
        "consumption.credited_back",
        agent,
        organization,
    )
    assert event.after["credit_reason"] == "invalid"


def test_attaching_a_purchase_order_is_one_event_naming_the_cases_it_released(organization, agent):
    start(organization, agent)
    consume(organization, "P1", reference="covered", at=at(JULY_1, 8))
    consume(organization, "P1", reference="waiting", at=at(JULY_1, 9))
    po = PurchaseOrderFactory.build(organization=organization, signer__organization=organization)
    po.signer.save()

    attach_purchase_order(po, actor=agent)

    (event,) = events_of(po)
    assert (event.verb, event.actor, event.organization) == (
        "purchase_order.attached",
        agent,
        organization,
    )
    assert event.after["released"] == ["waiting"]
    assert Decimal(event.after["amount"]) == po.amount
