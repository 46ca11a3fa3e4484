"""The case page's SLA clocks refresh every minute with the business time the server computes
(`/cases/<number>/clocks/`, htmx), and the page names its time zone by its city."""

import pytest

from .world import open_case

pytestmark = pytest.mark.django_db


def test_the_clocks_block_polls_every_minute_and_names_the_zone_in_words(agent_client, usr):
    case = open_case(usr)
    page = agent_client.get(f"/cases/{case.number}/").content.decode()
    clocks = page.split('id="clocks"', 1)[1].split(">", 1)[0]
    assert f'hx-get="/cases/{case.number}/clocks/"' in clocks and "every 60s" in clocks
    assert "hora de Bogotá" in page and "America/Bogota" not in page
    assert "countdown.js" in page


def test_the_refresh_answers_the_clocks_with_their_business_countdown(agent_client, usr):
    """Received in July 2026, due by then: today the resolution clock is late, in business time."""
    case = open_case(usr)
    response = agent_client.get(f"/cases/{case.number}/clocks/")
    assert response.status_code == 200
    block = response.content.decode()
    assert block.lstrip().startswith("<article") or 'id="clocks"' in block
    assert 'data-direction="up"' in block and "de retraso" in block
    assert "viernes 24 de julio de 2026, 10:00 a. m. (hora de Bogotá)" in block  # long style


def test_only_agents_read_the_clocks(outsider_client, agent_client, usr):
    case = open_case(usr)
    assert outsider_client.get(f"/cases/{case.number}/clocks/").status_code == 403
    assert agent_client.get("/cases/JQ-2026-999999/clocks/").status_code == 404
