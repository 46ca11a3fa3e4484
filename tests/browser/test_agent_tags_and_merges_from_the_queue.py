"""Tags and bulk merge as an agent uses them (issue 17, "The queue"): a tag added on the case
page without a reload, then the queue filtered by it; two cases of one organization checked
and merged into the oldest from the bulk bar; on a phone the rows are cards."""

import pytest
from playwright.sync_api import Page, expect

from tiquetera.testing.factories import AgentProfileFactory

from .world import agent, es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_agent_tags_a_case_and_filters_the_queue_by_the_tag(page: Page):
    usr = jq_usr()
    tagged = open_jq_case(usr, subject="No imprime la factura electrónica")
    other = open_jq_case(usr, subject="La nómina no liquida horas extra")
    AgentProfileFactory(user=agent())
    sign_in(page, "laura")
    page.goto(f"/cases/{tagged.number}/")

    page.evaluate("window.notReloaded = true")
    box = page.get_by_label(es("Add tags (separated by commas)"))
    box.fill("Facturación, cliente VIP")
    page.locator("#case-tags").get_by_role("button", name=es("Add")).click()
    tags = page.locator("#case-tags")
    expect(tags.get_by_role("status")).to_contain_text("facturación, cliente vip")
    expect(tags.locator(".tag")).to_have_text(["cliente vip", "facturación"])
    assert page.evaluate("window.notReloaded") is True  # htmx swapped the block only

    tags.get_by_role("button", name=es("Remove the tag %(tag)s", tag="cliente vip")).click()
    expect(tags.locator(".tag")).to_have_text(["facturación"])

    page.goto("/queue/")
    page.locator("#queue-filters summary").click()
    page.get_by_label(es("Tag")).fill("facturación")
    page.get_by_role("button", name=es("Apply")).click()
    rows = page.locator("#queue-rows tr[data-queue-row]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(tagged.number)
    expect(rows.first.locator(".tag")).to_have_text("facturación")
    expect(page.locator("#queue-rows")).not_to_contain_text(other.number)


def test_agent_merges_two_cases_into_the_oldest_from_the_queue(page: Page):
    usr = jq_usr()
    oldest = open_jq_case(usr, subject="No imprime la factura electrónica")
    again = open_jq_case(usr, subject="Sigue sin imprimir la factura")
    left = open_jq_case(usr, subject="Consulta sobre el reporte")
    AgentProfileFactory(user=agent())
    sign_in(page, "laura")
    page.goto("/queue/")

    for case in (again, oldest):
        page.get_by_label(es("Select %(number)s", number=case.number)).check()
    expect(page.locator("[data-bulk-count]")).to_have_text("2")
    page.get_by_role("button", name=es("Merge into the oldest")).click()

    expect(page.locator("main")).to_contain_text(f"en {oldest.number}: {again.number}")
    rows = page.locator("#queue-rows tr[data-queue-row]")
    expect(rows.filter(has_text=oldest.number)).to_have_count(1)
    expect(rows.filter(has_text=left.number)).to_have_count(1)
    expect(rows.filter(has_text=again.number)).to_have_count(0)  # closed as a duplicate


def test_on_a_phone_the_queue_rows_are_cards_and_the_page_never_scrolls_sideways(page: Page):
    usr = jq_usr()
    case = open_jq_case(usr, subject="Una descripción larga " * 6)
    AgentProfileFactory(user=agent())
    sign_in(page, "laura")  # on a laptop: on a phone "Sign out" sits in the closed menu
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/queue/")
    row = page.locator("#queue-rows tr[data-queue-row]").first
    expect(row).to_contain_text(case.number)
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    label = row.locator("td[data-label]").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert es("Number") in label
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label(es("Select %(number)s", number=case.number)).check()
    expect(page.locator(".bulk-count")).to_have_text(f"1 {es('case checked')}")  # singular
    button = page.get_by_role("button", name=es("Assign"))
    box = button.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_the_polling_keeps_the_rows_and_updates_the_tab_counts(page: Page):
    usr = jq_usr()
    first = open_jq_case(usr, subject="No imprime la factura electrónica")
    AgentProfileFactory(user=agent())
    page.clock.install()  # time flows, and can be moved on to the next polling
    sign_in(page, "laura")
    page.goto("/queue/")
    to_act = page.locator("#queue-tabs a").first
    expect(to_act).to_contain_text("(1)")
    page.get_by_label(es("Select %(number)s", number=first.number)).check()

    second = open_jq_case(usr, subject="La nómina no liquida horas extra")
    with page.expect_response(lambda r: "/queue/" in r.url and "rows=" in r.url):
        page.clock.fast_forward("00:31")
    expect(to_act).to_contain_text("(2)")
    expect(page.locator("#queue-rows")).to_contain_text(second.number)
    expect(page.get_by_label(es("Select %(number)s", number=first.number))).to_be_checked()
