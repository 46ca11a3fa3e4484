"""Quotes of the catalogue of extra services (seed 001, CustomSoft: "Descuento en servicios
adicionales del catálogo de servicios: 10% / 15% / 15%"): priced with the best plan's discount,
billed once when accepted, never when declined, and only by whom they concern."""

from decimal import Decimal

import pytest

from tiquetera.audit.models import AuditEvent
from tiquetera.billing.errors import BillingRefused
from tiquetera.billing.models import Charge, ExtraService, Quote
from tiquetera.billing.quotes import accept_quote, decline_quote, quote_extra_service
from tiquetera.billing.services import charge_is_exact
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.factories import JULY_1, IntermediaPlanFactory
from tiquetera.testing.factories import (
    AgentFactory,
    ContactFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def intermedia_client():
    plan = IntermediaPlanFactory()
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, actor=None)
    ExtraService.objects.create(
        policy=plan.policy,
        key="desarrollo",
        name="Desarrollo",
        price=Decimal("850.00"),
        currency="MXN",
    )
    ExtraService.objects.create(
        policy=plan.policy,
        key="foraneo",
        name="Servicio foráneo",
        price=Decimal("900.00"),
        currency="MXN",
        discounted=False,
    )
    return organization


def test_a_service_is_quoted_less_the_polizas_discount_as_a_step(intermedia_client):
    quote = quote_extra_service(intermedia_client, "desarrollo", 3, actor=AgentFactory())
    assert (quote.gross, quote.net, quote.status) == (
        Decimal("2550.00"),
        Decimal("2167.50"),
        Quote.Status.PROPOSED,
    )
    assert quote.discounts == [
        {"label": "Póliza Intermedia", "percent": "15.00", "amount": "382.50"}
    ]
    assert AuditEvent.objects.filter(verb="billing.quote_created").count() == 1


def test_a_service_without_the_discount_is_quoted_at_its_price(intermedia_client):
    quote = quote_extra_service(intermedia_client, "foraneo", Decimal("1.5"), actor=AgentFactory())
    assert (quote.net, quote.discounts) == (Decimal("1350.00"), [])


@pytest.mark.parametrize(
    ("service", "quantity", "code"),
    [
        ("nada", 1, "unknown_service"),
        ("desarrollo", 0, "bad_quantity"),
        ("desarrollo", 1.5, "bad_quantity"),
    ],
)
def test_a_quote_that_makes_no_sense_is_refused(intermedia_client, service, quantity, code):
    with pytest.raises(BillingRefused) as refused:
        quote_extra_service(intermedia_client, service, quantity, actor=AgentFactory())
    assert refused.value.code == code
    assert not Quote.objects.exists()


def test_only_an_agent_quotes(intermedia_client):
    with pytest.raises(BillingRefused) as refused:
        quote_extra_service(intermedia_client, "desarrollo", 1, actor=UserFactory())
    assert refused.value.code == "not_an_agent"


def test_the_client_accepts_once_and_a_stranger_cannot(intermedia_client):
    quote = quote_extra_service(intermedia_client, "desarrollo", 2, actor=AgentFactory())
    stranger = ContactFactory(organization=OrganizationFactory(), user=UserFactory())
    with pytest.raises(BillingRefused):
        accept_quote(quote, actor=stranger.user)

    usr = ContactFactory(organization=intermedia_client, user=UserFactory())
    (charge,) = accept_quote(quote, actor=usr.user)
    assert accept_quote(quote, actor=usr.user) == [charge]
    assert (charge.kind, charge.net, charge.quote) == ("extra_service", Decimal("1445.00"), quote)
    assert charge_is_exact(charge)
    assert Charge.objects.count() == 1
    assert AuditEvent.objects.filter(verb="billing.quote_accepted").count() == 1


def test_a_declined_quote_is_never_billed(intermedia_client):
    quote = quote_extra_service(intermedia_client, "desarrollo", 2, actor=AgentFactory())
    agent = AgentFactory()
    assert decline_quote(quote, actor=agent).status == Quote.Status.DECLINED
    with pytest.raises(BillingRefused) as refused:
        accept_quote(quote, actor=agent)
    assert refused.value.code == "quote_declined"
    assert not Charge.objects.exists()
