"""Factories for plans, contracts and purchase orders (organizations come from the shared ones)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from tiquetera.contracts.models import Contract, Plan, PlanQuota, PurchaseOrder
from tiquetera.testing.factories import ContactFactory, OrganizationFactory, PolicyFactory

JULY_1 = dt.date(2026, 7, 1)
BOGOTA = ZoneInfo("America/Bogota")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A moment on `day` in Bogotá, the test organizations' time zone."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BOGOTA)


class PlanFactory(factory.django.DjangoModelFactory):
    """A monthly subscription with no caps; `quotas={"P1": 6}` adds caps per priority."""

    class Meta:
        model = Plan
        skip_postgeneration_save = True

    policy = factory.SubFactory(PolicyFactory)
    key = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.LazyAttribute(lambda o: o.key.title())
    currency = "MXN"
    price = Decimal("3500.00")
    extra_ticket_price = Decimal("500.00")
    per_event_price = Decimal("900.00")

    @factory.post_generation
    def quotas(obj, create, extracted, **kwargs):
        _add_quotas(obj, create, extracted)


def _add_quotas(plan: Plan, create: bool, caps: dict[str, int] | None) -> None:
    if create and caps:
        PlanQuota.objects.bulk_create(
            PlanQuota(plan=plan, priority=p, cap=cap) for p, cap in caps.items()
        )


class IntermediaPlanFactory(PlanFactory):
    """CustomSoft's póliza Intermedia (seed 001): up to 14 events, P1 6, P2 5, P3 4, P4/P5 N/A,
    15 % off extra services, up to one on-site visit a month."""

    key = "intermedia"
    name = "Póliza Intermedia"
    total_cap = 14
    extra_services_discount = Decimal("15")
    onsite_visits_per_month = 1

    @factory.post_generation
    def quotas(obj, create, extracted, **kwargs):
        _add_quotas(obj, create, {"P1": 6, "P2": 5, "P3": 4} if extracted is None else extracted)


class ContractFactory(factory.django.DjangoModelFactory):
    """A one-month contract from July 1, 2026 that renews itself."""

    class Meta:
        model = Contract

    plan = factory.SubFactory(PlanFactory)
    organization = factory.SubFactory(
        OrganizationFactory, policy=factory.SelfAttribute("..plan.policy")
    )
    start = JULY_1
    end = dt.date(2026, 8, 1)
    auto_renew = True


class SignerFactory(ContactFactory):
    name = factory.Sequence(lambda n: f"Gerente {n} Gómez")
    role = "manager"
    may_sign_purchase_orders = True


class PurchaseOrderFactory(factory.django.DjangoModelFactory):
    """An unsaved-by-default purchase order: build() it and hand it to attach_purchase_order."""

    class Meta:
        model = PurchaseOrder

    organization = factory.SubFactory(OrganizationFactory)
    signer = factory.SubFactory(SignerFactory, organization=factory.SelfAttribute("..organization"))
    number = factory.Sequence(lambda n: f"OC-{1000 + n}")
    covers = PurchaseOrder.Covers.EVENTS
    quantity = Decimal("1")
    amount = Decimal("900.00")
    currency = "COP"
