"""Issue 19, the Simulador: the vendor's administrator opens it from the menu, edits the policy
in force in the browser (CustomSoft's Intermedia from 14 events to 12), first with a mistake —
shown beside its line, nothing runs — then right, runs it over July and reads the difference:
the two cases that turn to per-event service, charts drawn, a CSV per table. Both pages fit a
phone (390 px) and a laptop with no grave axe-core finding."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import Page, expect

from tiquetera.policy.models import Policy, SimulationReport
from tiquetera.policy.tests.simulation_world import customsoft_july

from .test_every_page_fits_and_is_accessible import problems_of
from .world import agent, es, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tab(axe_tab: Page) -> Page:
    return axe_tab


def test_the_administrator_simulates_a_smaller_quota_and_sees_the_difference(tab: Page):
    _contact, cases = customsoft_july()
    lead = agent("marta")
    lead.user_permissions.add(
        Permission.objects.get(content_type__app_label="policy", codename="change_policy")
    )
    sign_in(tab, "marta")
    tab.get_by_role("link", name=es("Simulator")).click()
    expect(tab.get_by_role("heading", name=es("Simulator"), level=1)).to_be_visible()
    policy_text = tab.get_by_label(es("Policy file"))
    written = policy_text.input_value()
    assert "total_cap = 14" in written

    policy_text.fill(written.replace("09:00-13:00", "13:00-09:00", 1))
    tab.get_by_label(es("From")).fill("2026-07-01")
    tab.get_by_label(es("To")).fill("2026-07-31")
    tab.get_by_role("button", name=es("Simulate")).click()
    problems = tab.locator("#file-problems")
    expect(problems).to_contain_text("no se simuló nada")
    expect(problems).to_contain_text("Línea")
    expect(problems).to_contain_text("13:00-09:00")
    assert SimulationReport.objects.count() == 0

    policy_text.fill(written.replace("total_cap = 14", "total_cap = 12", 1))
    tab.get_by_role("button", name=es("Simulate")).click()

    expect(tab.get_by_role("heading", name="Casos cuyo resultado cambia")).to_be_visible()
    changed = tab.locator("#table-changed-cases tbody tr")
    expect(changed).to_have_count(2)
    expect(changed.first).to_contain_text("por evento")
    expect(changed.first).to_contain_text("la cuota del plan")
    for number in (cases[12].number, cases[13].number):
        expect(tab.locator("#table-changed-cases")).to_contain_text(number)
    expect(tab.locator("#table-revenue")).to_contain_text("+3.000,00")  # the CSV: "+3000.00"
    charts = tab.locator("canvas[data-chart]")
    expect(charts).to_have_count(5)  # outcomes, use, billing, SLA per target and per organization
    assert tab.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every(canvas => Chart.getChart(canvas) !== undefined)"
    ), "a chart was not drawn"
    with tab.expect_download() as download:
        tab.locator("#table-revenue").get_by_role("link", name="CSV").click()
    assert "+3000.00" in download.value.path().read_text(encoding="utf-8")

    report_url = tab.url
    found = problems_of(tab, "simulation", report_url)
    found += problems_of(tab, "simulator", "/simulator/?policy=customsoft")
    assert found == [], "\n".join(found)


def test_a_simulation_waiting_for_the_worker_fits_a_phone(tab: Page):
    """With a real worker the page first says the simulation is queued, beside Pico's spinner,
    which keeps its element on one line: the sentence made the page 847 px wide at 390 px."""
    _contact, _cases = customsoft_july()
    lead = agent("marta")
    lead.user_permissions.add(
        Permission.objects.get(content_type__app_label="policy", codename="change_policy")
    )
    policy = Policy.objects.get(slug="customsoft")
    waiting = SimulationReport.objects.create(
        policy=policy,
        filename="customsoft.toml",
        text="",
        checksum="0" * 64,
        start=dt.date(2026, 7, 1),
        end=dt.date(2026, 7, 31),
        requested_by=lead,
        requested_at=timezone.now(),
        status=SimulationReport.Status.QUEUED,
    )
    sign_in(tab, "marta")
    tab.set_viewport_size({"width": 390, "height": 844})
    tab.goto(f"/simulator/{waiting.pk}/")
    status = tab.locator("#simulation-status [aria-busy=true]")
    expect(status).to_be_visible()
    box = status.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert tab.evaluate("document.body.scrollWidth") <= 390
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
