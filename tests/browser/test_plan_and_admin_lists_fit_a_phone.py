"""What a phone (390 px) cut, found walking the demos: the portal's "Mi plan" scrolled its
contracts and its statement inside their tables (the status, the discounts and the net amount
off the screen), and the configuration's change lists — contacts, organizations, cases — showed
their first two columns and cut the rest. Now both are piles of cards on a phone, each value
after its column's name, and tables again on a laptop."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tiquetera.contracts.tests.factories import SignerFactory
from tiquetera.testing.factories import UserFactory
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.lifecycle.billable import attach_purchase_order
from tiquetera.tickets.tests.intake_world import client, request

from .conftest import LAPTOP
from .world import agent, es, jq_usr, open_jq_case, sign_in, with_login

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def fits_as_cards(page: Page, rows_selector: str) -> None:
    rows = page.locator(rows_selector)
    expect(rows.first).to_be_visible()
    for row in rows.all():
        assert row.evaluate("el => getComputedStyle(el).display") == "block"  # a card
        card = row.bounding_box()
        assert card is not None and card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_plan_page_shows_contracts_and_statement_as_cards(page: Page):
    """ISYS's per-event client (seed 000) with a service released by its purchase order."""
    organization, usr = client("isys", plan="por-evento", role="usr")
    with_login(usr, "ana")
    signer = SignerFactory(organization=organization, email="gerente@ferreteria.co")
    case = submit(request(usr, case_type="soporte", received_at=None))
    attach_purchase_order(
        case, number="OC-7", amount=Decimal("180000.00"), signer=signer, actor=agent()
    )
    sign_in(page, "ana")
    page.set_viewport_size(PHONE)
    page.goto("/portal/plan/")

    for box in page.locator("main .table-scroll").all():
        assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "a table scrolls sideways"
    fits_as_cards(page, "#contracts tbody tr")
    status = page.locator("#contracts td[data-label]").nth(2)
    expect(status).to_have_attribute("data-label", es("Status"))
    expect(status).to_be_in_viewport()
    charge = page.locator(".statement tbody tr").first
    net = charge.locator("td[data-label]").last
    expect(net).to_have_attribute("data-label", es("Net"))
    expect(net).to_contain_text("180.000,00")
    fits_as_cards(page, ".statement tbody tr")

    page.set_viewport_size(LAPTOP)
    assert charge.evaluate("el => getComputedStyle(el).display") == "table-row"


def test_on_a_phone_the_configurations_lists_are_cards_with_their_column_names(page: Page):
    open_jq_case(jq_usr(), subject="No imprime la factura electrónica")
    UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in(page, "root")
    page.set_viewport_size(PHONE)
    for path in ("/admin/tickets/case/", "/admin/directory/contact/"):
        page.goto(path)
        fits_as_cards(page, "#result_list tbody tr")
        first = page.locator("#result_list tbody tr").first
        organization = first.locator("td.field-organization")
        expect(organization).to_have_attribute("data-label", "Organización")
        expect(organization).to_be_in_viewport()
        assert first.locator("th a").bounding_box()["y"] < organization.bounding_box()["y"]

    page.set_viewport_size(LAPTOP)
    assert first.evaluate("el => getComputedStyle(el).display") == "table-row"
