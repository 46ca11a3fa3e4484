"""Seed 002 (JQ Systems): a case reported by a plain user waits until the organization's USR
verifies it. The USR signs in, finds it among the cases to verify and approves it; it leaves
the list and goes on to be attended (issue 7)."""

import pytest
from playwright.sync_api import Page, expect

from tiquetera.testing.factories import ContactFactory

from .world import es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_usr_approves_a_colleagues_case_waiting_for_verification(page: Page):
    usr = jq_usr()
    colleague = ContactFactory(
        organization=usr.organization, role="user", name="Pedro Ruiz", email="pedro@hotel.co"
    )
    case = open_jq_case(colleague, subject="El cierre de caja no cuadra")
    assert case.status == "pending_verification"

    sign_in(page, "ana")
    page.get_by_role("link", name=es("Cases to verify")).click()
    expect(page.locator("h1")).to_have_text(es("Cases to verify"))
    waiting = page.locator(f"#verify-{case.number}")
    expect(waiting).to_contain_text("El cierre de caja no cuadra")
    expect(waiting).to_contain_text("Pedro Ruiz")
    waiting.get_by_label(es("Note (optional)")).fill("Lo autorizo.")
    waiting.get_by_role("button", name=es("Approve")).click()

    expect(page.get_by_role("status")).to_have_text(
        es("Case %(number)s approved: it goes on to be attended.", number=case.number)
    )
    expect(page.locator(f"#verify-{case.number}")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(es("No case is waiting for your verification."))

    page.get_by_role("link", name=es("My cases"), exact=True).first.click()
    page.get_by_role("link", name=case.number).click()
    expect(page.locator("hgroup mark")).to_have_text("abierto")
