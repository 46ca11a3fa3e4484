"""What a phone (390 px) once cut or pushed sideways, found walking the demo: the case page's
pickers above the reply showed "Respuest…" (three controls squeezed into one row), and the
portal's list of cases scrolled inside its table, and a case waiting on the client made the case
page 500 px wide (its paused clock's words did not wrap). Now each picker shows its whole prompt,
on a laptop and on a phone, the paused clock wraps, and on a phone the portal lists cases as
cards that fit the screen."""

import pytest
from playwright.sync_api import Page, expect

from tiquetera.desk.models import CannedResponse
from tiquetera.kb.tests.factories import EntryFactory
from tiquetera.tickets.services import change_status

from .conftest import LAPTOP
from .world import agent, es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# Each select of the pickers: the width its shown option's text needs (in the select's own font)
# and the width its box leaves for text (inside its padding, which holds the arrow).
PICKERS = """() => [...document.querySelectorAll('#composer form.canned select')].map(select => {
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d');
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const text = select.options[select.selectedIndex].text;
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const room = select.clientWidth - padding;
    const box = select.getBoundingClientRect();
    return {text, needs: context.measureText(text).width, room, right: box.right};
})"""


def test_the_reply_pickers_show_their_whole_prompt_on_a_laptop_and_a_phone(page: Page):
    CannedResponse.objects.create(title="Saludo y recibido", body="Recibimos su caso.")
    case = open_jq_case(jq_usr(), subject="No imprime la factura electrónica")
    EntryFactory(policy=case.policy, title="Anular una factura: nota crédito paso a paso")
    agent()
    sign_in(page, "laura")
    page.goto(f"/cases/{case.number}/")
    expect(page.get_by_label(es("Canned response"))).to_be_visible()

    for size in (LAPTOP, PHONE):
        page.set_viewport_size(size)
        pickers = page.evaluate(PICKERS)
        assert len(pickers) == 2, "the canned responses' and the articles' pickers"
        for picker in pickers:
            assert picker["needs"] <= picker["room"], (size, picker)
            assert picker["right"] <= size["width"], (size, picker)
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    # with JavaScript a choice fills the box: the no-script "Use" button is not in the way
    expect(page.locator("form.canned").get_by_role("button", name=es("Use"))).to_be_hidden()


def test_a_case_waiting_on_the_client_fits_a_phone(page: Page):
    case = open_jq_case(jq_usr(), subject="No imprime la factura electrónica")
    laura = agent()
    change_status(case, "waiting_on_client", actor=laura)
    sign_in(page, "laura")
    page.set_viewport_size(PHONE)
    page.goto(f"/cases/{case.number}/")
    paused = page.locator("#clocks .sla-paused").first
    expect(paused).to_be_visible()
    box = paused.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_on_a_phone_the_portal_lists_cases_as_cards_that_fit(page: Page):
    usr = jq_usr()
    cases = [
        open_jq_case(usr, subject="Las reservas de grupo no aparecen en el calendario"),
        open_jq_case(usr, subject="Descuadre en el inventario de bodega"),
    ]
    sign_in(page, "ana")
    page.set_viewport_size(PHONE)
    page.goto("/portal/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(len(cases))

    box = page.locator("main .table-scroll")
    assert box.evaluate("el => el.scrollWidth <= el.clientWidth"), "the list scrolls sideways"
    for row in rows.all():
        assert row.evaluate("el => getComputedStyle(el).display") == "block"  # a card
        card = row.bounding_box()
        assert card is not None and card["x"] >= 0 and card["x"] + card["width"] <= PHONE["width"]
    status = rows.first.locator("td[data-label]").first
    expect(status).to_have_attribute("data-label", es("Status"))
    expect(status).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # On a laptop it is a table again, wider than the plan beside it.
    page.set_viewport_size(LAPTOP)
    assert rows.first.evaluate("el => getComputedStyle(el).display") == "table-row"
    table = page.locator("main table").bounding_box()
    plan = page.locator("main aside").bounding_box()
    assert table is not None and plan is not None and table["width"] > 1.5 * plan["width"]


def test_on_a_phone_the_queue_shows_its_cases_first_and_the_bulk_actions_once_one_is_checked(
    page: Page,
):
    """The queue's bulk bar (agent, status, severity, merge) took the whole first screen of a
    phone before any case: there its actions wait until a case is checked."""
    open_jq_case(jq_usr(), subject="No imprime la factura electrónica")
    agent()
    sign_in(page, "laura")
    page.goto("/queue/")
    assign = page.locator("#queue-bulk").get_by_role("button", name=es("Assign"))
    expect(assign).to_be_visible()  # on a laptop the bar is always there
    page.set_viewport_size(PHONE)
    expect(assign).to_be_hidden()
    first = page.locator("#queue-rows [data-queue-row]").first
    assert first.bounding_box()["y"] < PHONE["height"], "the first case is on the first screen"
    first.locator("input[name=case]").check()
    expect(assign).to_be_visible()
    expect(page.locator("[data-bulk-count]")).to_have_text("1")


def test_on_a_phone_the_case_number_in_a_title_stays_on_one_line(page: Page):
    """The portal's "Caso JQ-2026-" / "000297" broke the number at a hyphen on a phone; the
    desk's title too. Copied, it is still the number as typed (plain hyphens)."""
    case = open_jq_case(jq_usr(), subject="Las reservas de grupo no aparecen en el calendario")
    agent()
    for who, path in (
        ("ana", f"/portal/cases/{case.number}/"),
        ("laura", f"/cases/{case.number}/"),
    ):
        page.set_viewport_size(LAPTOP)
        sign_in(page, who)
        page.set_viewport_size(PHONE)
        page.goto(path)
        number = page.locator("h1 .case-number")
        expect(number).to_have_text(case.number)
        assert number.evaluate("el => el.getClientRects().length") == 1, (who, "on one line")
        box = number.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.context.clear_cookies()
