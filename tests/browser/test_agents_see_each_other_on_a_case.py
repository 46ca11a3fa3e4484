"""Two agents on the same case (issue 17): the second is warned that the first has it open, and
the first, at their next poll, that the second is writing on it."""

import pytest
from playwright.sync_api import Browser, expect

from tiquetera.testing.factories import AgentFactory

from .conftest import LAPTOP, WAIT_MS
from .world import agent, es, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_collision_warning(browser: Browser, live_server, page):
    number = open_jq_case(jq_usr()).number
    agent()
    AgentFactory(username="pedro", first_name="Pedro", last_name="Ruiz")
    page.clock.install()
    sign_in(page, "laura")
    page.goto(f"/cases/{number}/")
    expect(page.locator("#composer")).to_be_visible()

    other = browser.new_context(base_url=live_server.url, locale="es-CO", viewport=LAPTOP)
    other.set_default_timeout(WAIT_MS)
    pedro = other.new_page()
    pedro.clock.install()
    try:
        sign_in(pedro, "pedro")
        pedro.goto(f"/cases/{number}/")
        expect(pedro.locator("#presence")).to_have_text(
            es("%(name)s also has this case open.", name="Laura Gómez")
        )
        pedro.locator("#reply-body").fill("Estoy revisando el XML.")
        with pedro.expect_response(lambda response: "/presence/" in response.url):
            pedro.clock.fast_forward("00:16")  # Pedro's next poll: he is writing

        page.clock.fast_forward("00:16")  # Laura's next poll
        expect(page.locator("#presence")).to_have_text(
            es("%(name)s is writing on this case right now.", name="Pedro Ruiz")
        )
    finally:
        other.close()
