"""Sisnova (seeds/003_806de44c075e3486.txt), item 6: "Si llegara a agotar su número de tickets por
mes y requiere de soporte adicional, podrá pagar un soporte extra para el mes en curso" — the
client chooses to buy it, in the portal, and a WEB client in the cloud gets the 40 % discount
(item 3) on it."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tiquetera.billing.models import Charge
from tiquetera.billing.services import charge_is_exact
from tiquetera.contracts.services import start_contract
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.intake_world import client

from .world import open_by_api, signed_in, statement

pytestmark = pytest.mark.django_db


def test_a_web_client_out_of_tickets_buys_an_extra_one_with_the_cloud_discount():
    organization, contact = client(
        "sisnova", plan=None, email="admin@tienda.pa", country="PA", edition="WEB"
    )
    start_contract(
        organization, "web-mensual", start=timezone.localdate().replace(day=1), actor=None
    )
    for _ in range(5):  # the plan's 5 tickets a month (an example figure of the preset)
        assert open_by_api(contact, case_type="soporte", description="x").status == "open"

    sixth = open_by_api(contact, case_type="soporte", description="El inventario no cuadra.")

    assert (sixth.status, sixth.intake_reason) == (
        Case.Status.PENDING_ACCEPTANCE,
        "extra_ticket_offered",
    )
    assert not Charge.objects.exists()  # never charged without the client's choice
    page = signed_in(contact).get(f"/portal/cases/{sixth.number}/").content.decode()
    assert "Comprar el ticket adicional" in page
    assert "15,00 USD" in page  # 25.00 less 40 %

    signed_in(contact).post(f"/portal/cases/{sixth.number}/price/", {"decision": "accept"})

    sixth.refresh_from_db()
    assert sixth.status == Case.Status.OPEN
    (charge,) = Charge.objects.all()
    assert (charge.kind, charge.gross, charge.net) == (
        "extra_ticket",
        Decimal("25.00"),
        Decimal("15.00"),
    )
    assert [d["percent"] for d in charge.discounts] == ["40.00"]
    assert charge_is_exact(charge)
    assert sixth.number in statement(organization)


def test_bug_fixes_are_included_and_new_features_are_studied_apart():
    """seeds/003 items 8 and 9: "incluye la corrección de errores de naturaleza técnica" and "no
    incluye desarrollo de nuevas funcionalidades": with the month's tickets used up, a bug still
    opens with nothing offered or charged, and a feature request opens for its study without
    taking a ticket."""
    organization, contact = client(
        "sisnova", plan=None, email="admin@tienda.pa", country="PA", edition="LOCAL"
    )
    month = timezone.localdate().replace(day=1)
    start_contract(organization, "local-mensual", start=month, actor=None)
    feature = open_by_api(contact, case_type="funcionalidad", description="Exportar a Excel.")
    for _ in range(5):
        assert open_by_api(contact, case_type="soporte", description="x").status == "open"

    bug = open_by_api(contact, case_type="error", description="El total no suma el IVA.")

    assert (feature.status, feature.consumption, feature.flags) == (
        Case.Status.OPEN,
        None,
        ["feature_study"],
    )
    assert (bug.status, bug.consumption) == (Case.Status.OPEN, None)
    assert "bug_fix_included" in bug.flags
    assert not Charge.objects.exists()
