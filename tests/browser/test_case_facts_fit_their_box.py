"""The case page's facts fit beside the conversation on a laptop: a long email address or date
wraps in its cell instead of widening the table, whose right part (the requester's address, the
time the case was opened) was hidden behind its own scroll bar."""

import pytest
from playwright.sync_api import Page, expect

from .world import agent, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_long_requester_address_wraps_and_the_facts_do_not_scroll(page: Page):
    usr = jq_usr()
    usr.email = "juliana.mejia.rodriguez@colegiosanbartolomedelnorte.edu.co"
    usr.save(update_fields=["email"])
    case = open_jq_case(usr)
    agent()
    sign_in(page, "laura")
    page.goto(f"/cases/{case.number}/")

    facts = page.locator("#facts .table-scroll")
    expect(facts).to_contain_text(usr.email)
    overflow = facts.evaluate("box => box.scrollWidth - box.clientWidth")
    assert overflow <= 1, overflow
