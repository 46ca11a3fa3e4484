"""The support lead manages plans, contracts, periods and purchase orders in the admin; the same
rules hold there as in the services (seed 000, ISYS: an authorized signer; no overlaps)."""

import datetime as dt

import pytest

from tiquetera.contracts.models import Contract, EntitlementPeriod, PurchaseOrder
from tiquetera.contracts.services import consume, start_contract
from tiquetera.contracts.tests.factories import (
    JULY_1,
    IntermediaPlanFactory,
    PlanFactory,
    SignerFactory,
    at,
)
from tiquetera.testing.factories import ContactFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="jefa", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model", ["plan", "contract", "entitlementperiod", "purchaseorder", "consumption"]
)
def test_every_page_opens(admin_client, model):
    plan = IntermediaPlanFactory()
    organization = OrganizationFactory(policy=plan.policy)
    contract = start_contract(organization, plan, start=JULY_1, actor=None)
    consume(organization, "P1", reference="c1", at=at(JULY_1))
    assert admin_client.get(f"/admin/contracts/{model}/").status_code == 200
    if model != "consumption":
        assert admin_client.get(f"/admin/contracts/{model}/add/").status_code == 200
    period = EntitlementPeriod.objects.get()
    objects = {"plan": plan.pk, "contract": contract.pk, "entitlementperiod": period.pk}
    if model in objects:
        assert (
            admin_client.get(f"/admin/contracts/{model}/{objects[model]}/change/").status_code
            == 200
        )


def test_adding_a_contract_opens_its_first_period(admin_client):
    plan = PlanFactory(total_cap=3)
    organization = OrganizationFactory(policy=plan.policy)
    data = {
        "organization": organization.pk,
        "plan": plan.pk,
        "start": "2026-07-01",
        "end": "2026-08-01",
        "auto_renew": "on",
    }
    response = admin_client.post("/admin/contracts/contract/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Contract.objects.get().periods.get().total_cap == 3


def test_an_overlapping_contract_is_refused_on_its_start_field(admin_client):
    plan = PlanFactory()
    organization = OrganizationFactory(policy=plan.policy)
    start_contract(organization, plan, start=JULY_1, end=dt.date(2026, 8, 1), actor=None)
    data = {"organization": organization.pk, "plan": plan.pk, "start": "2026-07-15"}
    response = admin_client.post("/admin/contracts/contract/add/", data)
    assert response.status_code == 200
    assert "los contratos de un mismo plan no pueden superponerse" in str(
        response.context["adminform"].form.errors["start"]
    )


def test_a_purchase_order_signed_by_someone_who_may_not_sign_is_refused_on_the_signer(
    admin_client,
):
    organization = OrganizationFactory()
    data = {
        "organization": organization.pk,
        "number": "OC-7",
        "covers": "events",
        "quantity": "1",
        "amount": "900.00",
        "currency": "COP",
        "signer": ContactFactory(organization=organization).pk,
    }
    response = admin_client.post("/admin/contracts/purchaseorder/add/", data)
    assert response.status_code == 200
    assert "signer" in response.context["adminform"].form.errors
    assert not PurchaseOrder.objects.exists()


def test_adding_a_purchase_order_attaches_it(admin_client):
    organization = OrganizationFactory()
    data = {
        "organization": organization.pk,
        "number": "OC-8",
        "covers": "events",
        "quantity": "1",
        "amount": "900.00",
        "currency": "COP",
        "signer": SignerFactory(organization=organization).pk,
    }
    response = admin_client.post("/admin/contracts/purchaseorder/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert PurchaseOrder.objects.get().attached_at is not None


def test_a_contract_and_its_periods_are_named_with_dates_as_people_read_them(admin_client):
    """Not "(2026-07-01)" nor "[2026-07-01, 2026-08-01)": the project's short date style
    (core/dates.py), and a period by its last covered day."""
    plan = PlanFactory(name="Plan Oro")
    organization = OrganizationFactory(policy=plan.policy, legal_name="Hotel Los Andes")
    contract = start_contract(organization, plan, start=JULY_1, actor=None)

    contracts = admin_client.get(
        f"/admin/contracts/contract/{contract.pk}/change/"
    ).content.decode()
    periods = admin_client.get("/admin/contracts/entitlementperiod/").content.decode()

    assert "Hotel Los Andes — Plan Oro (desde 1 jul 2026)" in contracts
    assert "(desde 1 jul 2026): 1 jul 2026 – " in periods
    for page in (contracts, periods):
        assert "(2026-07-01)" not in page and "[2026-07-01" not in page
