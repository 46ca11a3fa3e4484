"""Each queue row shows its SLA clock as a countdown coloured by its state (on time, at risk,
breached, paused); the rows refresh themselves every 30 s through htmx; the page loads the
desk's stylesheet and keyboard shortcuts (no inline script)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tiquetera.tickets.tests.factories import CaseFactory

from .world import open_case

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def row_of(page: str, text: str) -> str:
    start = page.rindex("<tr", 0, page.index(text))
    return page[start : page.index("</tr>", start)].replace("\xa0", " ")


def test_each_row_carries_its_sla_state_class_and_countdown(agent_client):
    now = timezone.now()
    cases = {
        "on_time": CaseFactory(status="open", sla_due_at=now + 5 * HOUR, sla_warn_at=now + HOUR),
        "warning": CaseFactory(status="open", sla_due_at=now + HOUR, sla_warn_at=now - HOUR),
        "breached": CaseFactory(status="open", sla_due_at=now - 2 * HOUR, sla_breached=True),
        "paused": CaseFactory(status="waiting_on_client"),
    }
    page = agent_client.get("/queue/").content.decode()
    page += agent_client.get("/queue/?waiting_on_client=1").content.decode()
    for state, case in cases.items():
        row = row_of(page, case.subject)
        assert f'class="sla sla-{state}"' in row, (state, row)
    assert "dentro de 4 h 59 min" in row_of(page, cases["on_time"].subject)  # time left
    assert "2 h de retraso" in row_of(page, cases["breached"].subject)  # how late


def test_the_rows_poll_every_30_seconds_and_the_poll_gets_only_the_rows(agent_client):
    case = CaseFactory(status="open")
    page = agent_client.get("/queue/?unassigned=1").content.decode()
    tbody = page.split('<tbody id="queue-rows"', 1)[1].split(">", 1)[0]
    assert 'hx-trigger="every 30s"' in tbody
    assert 'hx-get="/queue/?unassigned=1"' in tbody
    poll = agent_client.get(
        "/queue/?unassigned=1", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-rows"
    ).content.decode()
    assert "<html" not in poll and "<tbody" not in poll
    assert f">{case.number}</a>" in poll


def test_each_row_names_the_organizations_plan(agent_client, usr):
    case = open_case(usr)
    row = row_of(agent_client.get("/queue/").content.decode(), f">{case.number}</a>")
    assert usr.organization.legal_name in row
    assert "Suscripción" in row or "suscripci" in row.lower()


def test_the_desk_assets_are_loaded_without_inline_script(agent_client, usr):
    case = open_case(usr)
    for url in ("/queue/", f"/cases/{case.number}/"):
        page = agent_client.get(url).content.decode()
        assert "/static/desk/desk.css" in page and "/static/desk/shortcuts.js" in page
        body = page.split("<main", 1)[1]
        for script in body.split("<script")[1:]:
            assert script.split(">", 1)[0].strip().startswith("src="), script[:80]


def test_a_long_countdown_reads_in_whole_business_days_with_the_exact_one_in_its_tooltip(
    agent_client, usr
):
    """Not "66 días hábiles y 9 h 10 min (801 h 10 min)" in a list: "66 días hábiles"; the
    exact span stays in the tooltip (and on the case page)."""
    from tiquetera.sla.models import Clock

    case = open_case(usr)
    far = timezone.now() + dt.timedelta(days=60)
    Clock.objects.filter(case=case).update(due_at=far)
    type(case).objects.filter(pk=case.pk).update(sla_due_at=far)

    row = row_of(agent_client.get("/queue/").content.decode(), f">{case.number}</a>")

    value = row.split('class="countdown-value"', 1)[1].split("</span>", 1)[0]
    shown = value.split(">", 1)[1]
    assert shown.endswith("días hábiles") and " y " not in shown and "(" not in shown, shown
    tooltip = value.split('title="', 1)[1].split('"', 1)[0]
    assert tooltip.startswith(shown.split()[0] + " días hábiles"), tooltip
    assert re.search(r"\(\d+ h( \d+ min)?\)$", tooltip), tooltip  # the exact hours, any minute

    page = agent_client.get(f"/cases/{case.number}/").content.decode().replace("\xa0", " ")
    assert tooltip in page  # the case page says it exactly
