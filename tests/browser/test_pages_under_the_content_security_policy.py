"""The pages that once used an inline handler or inline styles still work under the strict
Content-Security-Policy (the page fixture fails a test on any CSP violation the browser logs)."""

import re

import pytest
from playwright.sync_api import Page, expect

from .world import agent, jq_usr, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_choosing_the_channel_of_a_new_case_redraws_its_form_without_inline_script(page: Page):
    usr = jq_usr()
    agent()
    sign_in(page, "laura")
    page.goto(f"/cases/new/?contact={usr.pk}")
    channel = page.locator("select[name=channel]")
    expect(channel).to_have_value("phone")
    channel.select_option("email")
    expect(page).to_have_url(re.compile(r"channel=email"))
    expect(page.locator("select[name=channel]")).to_have_value("email")


def test_the_sign_in_box_keeps_its_width_from_the_stylesheet(page: Page):
    page.goto("/accounts/login/")
    box = page.locator("article.narrow")
    expect(box).to_have_css("max-width", re.compile(r"^\d+px$"))  # 28rem; "none" without it
