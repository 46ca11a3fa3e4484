"""The case page's SLA countdown (issue 17, "the SLA clocks with their countdown"): the server
says how much business time is left and for how long it runs 1:1; the page ticks inside that
stretch (core/countdown.js) and asks the server again every minute (htmx)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tiquetera.calendars.models import Calendar
from tiquetera.sla.models import Clock

from .world import agent, jq_usr, open_jq_case, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_running_clock_in_open_hours_ticks_and_is_refreshed_every_minute(page: Page):
    case = open_jq_case(jq_usr())
    always = Calendar.objects.create(
        policy=case.policy,
        key="siempre",
        name="Siempre abierto",
        time_zone="America/Bogota",
        week={str(day): ["00:00-24:00"] for day in range(7)},
    )
    clock = Clock.objects.filter(case=case, state=Clock.State.RUNNING).order_by("metric").first()
    assert clock is not None
    now = timezone.now()
    Clock.objects.filter(pk=clock.pk).update(
        calendar=always,
        running_since=now,
        used_minutes=0,
        target_minutes=30,
        due_at=now + dt.timedelta(minutes=30),
    )
    agent()
    page.clock.install()
    sign_in(page, "laura")
    page.goto(f"/cases/{case.number}/")
    value = page.locator("#clocks [data-countdown]").first
    expect(value).to_have_attribute("data-direction", "down")
    expect(page.locator("#clocks")).to_contain_text("dentro de 29 min")
    before = value.inner_text()

    page.clock.fast_forward("00:05")  # five seconds: the number went down
    expect(value).not_to_have_text(before)
    assert value.inner_text().startswith("29 min")

    with page.expect_response(lambda response: "/clocks/" in response.url) as refreshed:
        page.clock.fast_forward("01:00")  # a minute: htmx asks the server again
    assert refreshed.value.status == 200
    expect(page.locator("#clocks [data-countdown]").first).to_have_attribute(
        "data-direction", "down"
    )


def test_a_long_overdue_clock_wraps_on_a_phone_instead_of_widening_the_page(page: Page):
    """A clock months late reads long ("72 días hábiles y 7 h 38 min (871 h 38 min) de
    retraso"): on a 390 px phone it wraps inside its box; the page keeps the screen's width."""
    case = open_jq_case(jq_usr())
    clock = Clock.objects.filter(case=case, state=Clock.State.RUNNING).order_by("metric").first()
    assert clock is not None
    now = timezone.now()
    Clock.objects.filter(pk=clock.pk).update(
        running_since=now - dt.timedelta(days=120),
        used_minutes=0,
        target_minutes=60,
        due_at=now - dt.timedelta(days=100),
    )
    agent()
    sign_in(page, "laura")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/cases/{case.number}/")
    expect(page.locator("#clocks")).to_contain_text("días hábiles")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
