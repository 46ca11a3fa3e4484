"""A file input reads in our words, not the browser's ("Choose Files", "No file chosen" on an
English Chromium): a labelled "Elegir archivos" button and the names of the files chosen, the
native input still the one focused and posted; without JavaScript, the native input as before."""

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import CHROMIUM, LAPTOP
from .world import es, jq_usr, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def test_the_portal_form_offers_a_spanish_file_button_and_names_the_chosen_files(page: Page):
    jq_usr()
    sign_in(page, "ana")
    page.goto("/portal/cases/new/")

    files = page.get_by_label(es("Attachments"))  # the native input, by its field's label
    button = page.locator(".file-picker-button")
    names = page.locator(".file-picker-names")
    expect(button).to_be_visible()
    expect(button).to_have_text(es("Choose files"))
    expect(names).to_have_text(es("No file chosen"))
    box = files.bounding_box()
    assert box is not None and box["width"] <= 2  # the browser's own face is hidden

    files.set_input_files(
        [
            {"name": "captura.png", "mimeType": "image/png", "buffer": PNG},
            {"name": "informe.png", "mimeType": "image/png", "buffer": PNG},
        ]
    )
    expect(names).to_have_text("captura.png, informe.png")

    files.focus()  # a keyboard user reaches the input itself; its button shows the focus
    outline = button.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline == "solid"


def test_without_javascript_the_native_input_is_shown(browser: Browser, live_server):
    if not CHROMIUM.exists():
        pytest.skip("no chromium")
    jq_usr()
    context = browser.new_context(
        base_url=live_server.url, locale="es-CO", viewport=LAPTOP, java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page, "ana")
        page.goto("/portal/cases/new/")
        files = page.get_by_label(es("Attachments"))
        expect(files).to_be_visible()
        box = files.bounding_box()
        assert box is not None and box["width"] > 100
        expect(page.locator(".file-picker-button")).to_be_hidden()
    finally:
        context.close()
