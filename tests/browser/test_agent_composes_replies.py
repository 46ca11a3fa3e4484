"""The case page's composer as an agent uses it (issue 17): a canned response fills the empty
reply box and is sent, a reply carries a screenshot and leaves the case waiting on the client,
an internal note is written from its tab — each confirmed on the page, without a reload."""

import re

import pytest
from playwright.sync_api import Page, expect

from tiquetera.desk.models import CannedResponse

from .world import agent, es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@pytest.fixture
def case_number(settings, tmp_path) -> str:
    settings.MEDIA_ROOT = tmp_path / "media"
    CannedResponse.objects.create(
        title="Reinstalar el cliente", body="Siga estos pasos para reinstalar el cliente."
    )
    return open_jq_case(jq_usr(), subject="No imprime la factura electrónica").number


def test_canned_response_attachment_and_send_and_set_status(page: Page, case_number):
    agent()
    sign_in(page, "laura")
    page.goto(f"/cases/{case_number}/")
    history = page.locator("#case .history")
    box = page.locator("#reply-body")
    marker = page.evaluate("() => (window.__notReloaded = true)")
    assert marker

    # The box is empty: choosing a canned response fills it all the same (the bug of issue 17).
    expect(box).to_have_value("")
    page.get_by_label(es("Canned response")).select_option(label="Reinstalar el cliente")
    expect(box).to_have_value("Siga estos pasos para reinstalar el cliente.")
    expect(page.get_by_label(es("Canned response"))).to_have_value("")
    page.get_by_role("button", name=es("Send the reply"), exact=True).click()
    expect(history).to_contain_text("Siga estos pasos para reinstalar el cliente.")
    expect(page.locator("#case [role=status]")).to_have_text(es("Reply sent."))

    # A screenshot on the reply, sent and leaving the case waiting on the client.
    box.fill("Le adjunto la captura de la configuración.")
    page.locator("#reply-attachments").set_input_files(
        {"name": "captura.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name=es("Send and wait for the client")).click()
    expect(history.get_by_role("link", name="captura.png")).to_be_visible()
    expect(page.locator("#case hgroup mark")).to_have_text(es("waiting on client"))
    expect(page.locator("#case [role=status]")).to_contain_text(es("waiting on client"))

    # The internal note's tab.
    page.get_by_role("tab", name=es("Internal note")).click()
    expect(box).to_be_hidden()
    page.locator("#note-body").fill("El cliente usa la versión 4.2.")
    page.get_by_role("button", name=es("Write the note")).click()
    expect(history.locator(".article-note")).to_contain_text("El cliente usa la versión 4.2.")
    expect(page.locator("#case [role=status]")).to_have_text(es("Internal note added."))

    # Every step was swapped in by htmx: the page itself was never loaded again.
    assert page.evaluate("() => window.__notReloaded") is True
    expect(page).to_have_url(re.compile(rf"/cases/{case_number}/$"))


def test_the_case_page_has_two_areas_on_a_laptop_and_one_column_on_a_phone(page: Page, case_number):
    agent()
    sign_in(page, "laura")
    page.goto(f"/cases/{case_number}/")
    composer = page.locator("#composer").bounding_box()
    facts = page.locator("#facts").bounding_box()
    assert composer and facts
    assert facts["x"] >= composer["x"] + composer["width"]  # beside it, on the right

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    composer = page.locator("#composer").bounding_box()
    facts = page.locator("#facts").bounding_box()
    assert composer and facts
    assert facts["y"] >= composer["y"] + composer["height"]  # under it: one column
    assert facts["x"] == pytest.approx(composer["x"], abs=2)
    assert page.evaluate("() => document.querySelector('.case-layout').scrollWidth") <= 390
