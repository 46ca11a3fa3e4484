"""The queue's bulk bar as an agent uses it (issue 17): two cases checked, given to an agent in
one click; the queue comes back with what changed, and the rows polled keep their checks."""

import pytest
from playwright.sync_api import Page, expect

from tiquetera.testing.factories import AgentProfileFactory

from .world import agent, es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_agent_assigns_two_cases_from_the_queue(page: Page):
    usr = jq_usr()
    first = open_jq_case(usr, subject="No imprime la factura electrónica")
    second = open_jq_case(usr, subject="La nómina no liquida horas extra")
    left = open_jq_case(usr, subject="Consulta sobre el reporte")
    AgentProfileFactory(user=agent())
    AgentProfileFactory(user__username="pedro", user__first_name="Pedro", user__last_name="Ruiz")
    page.clock.install()  # time flows, and can be moved on to the next polling
    sign_in(page, "laura")
    page.goto("/queue/")

    for case in (first, second):
        page.get_by_label(es("Select %(number)s", number=case.number)).check()
    expect(page.locator(".bulk-count")).to_have_text(f"2 {es('cases checked')}")
    bar = page.locator("#queue-bulk")
    bar.get_by_label(es("Agent")).select_option(label="Pedro Ruiz")
    bar.get_by_role("button", name=es("Assign")).click()

    expect(page.locator("main")).to_contain_text(f"{first.number}, {second.number}")
    rows = page.locator("#queue-rows tr[data-queue-row]")
    expect(rows.filter(has_text=first.number)).to_contain_text("Pedro Ruiz")
    expect(rows.filter(has_text=second.number)).to_contain_text("Pedro Ruiz")
    expect(rows.filter(has_text=left.number)).not_to_contain_text("Pedro Ruiz")

    # The rows refresh themselves (htmx polling): a check survives the refresh.
    page.get_by_label(es("Select %(number)s", number=left.number)).check()
    with page.expect_response(lambda r: "/queue/" in r.url and "rows=" in r.url):
        page.clock.fast_forward("00:31")
    expect(page.get_by_label(es("Select %(number)s", number=left.number))).to_be_checked()
