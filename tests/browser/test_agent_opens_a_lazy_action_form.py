"""Issue 18: the case page's closed action forms are fetched when their <details> opens. An
agent opens "merge as a duplicate", the form arrives, a wrong case number is refused beside the
field with what was typed kept, the right one closes the case as a duplicate; the opened form
has no grave accessibility problem (axe-core)."""

import pytest
from playwright.sync_api import Page, expect

from .test_every_page_fits_and_is_accessible import AXE, grave_violations
from .world import agent, es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_an_agent_opens_a_lazy_form_is_refused_then_merges(axe_tab: Page):
    usr = jq_usr()
    original = open_jq_case(usr, subject="No imprime la factura electrónica")
    duplicate = open_jq_case(usr, subject="Sigue sin imprimir la factura")
    agent()
    sign_in(axe_tab, "laura")
    axe_tab.goto(f"/cases/{duplicate.number}/")
    merge = axe_tab.locator("#details-merge")
    expect(merge.locator("#action-merge")).to_have_count(0)  # not in the page until opened

    merge.locator("summary", has_text=es("Merge as a duplicate")).click()
    form = merge.locator("#action-merge")
    expect(form).to_be_visible()  # fetched on the first toggle
    axe_tab.add_script_tag(path=str(AXE))
    assert grave_violations(axe_tab) == []

    form.get_by_label(es("Duplicate of case number")).fill("JQ-2026-999999")
    form.get_by_role("button", name=es("Close as a duplicate")).click()
    refused = axe_tab.locator("#details-merge #action-merge")
    expect(refused.get_by_role("alert")).to_contain_text("JQ-2026-999999")  # the server's words
    expect(refused.get_by_label(es("Duplicate of case number"))).to_have_value("JQ-2026-999999")
    expect(axe_tab.locator("#details-merge")).to_have_attribute("open", "")

    refused.get_by_label(es("Duplicate of case number")).fill(original.number)
    refused.get_by_role("button", name=es("Close as a duplicate")).click()
    expect(axe_tab.get_by_role("status").first).to_have_text(es("Case closed as a duplicate."))
    expect(axe_tab.locator("#related")).to_contain_text(original.number)
    expect(axe_tab.locator("#details-merge #action-merge")).to_have_count(0)  # closed again
