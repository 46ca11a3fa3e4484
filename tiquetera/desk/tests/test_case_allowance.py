"""The agent's case page says what the client's plan has usable now, the total's limit said
(seed 001, CustomSoft's Intermedia: "Hasta 14 eventos" and P1 6 + P2 5 + P3 4)."""

import pytest
from django.utils import timezone

from tiquetera.contracts.services import consume
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.tests.intake_world import client, request

pytestmark = pytest.mark.django_db


def test_the_case_page_shows_p1_has_nothing_usable_when_the_total_is_spent(agent_client):
    organization, usr = client("customsoft", plan="intermedia")
    for priority, count in (("P1", 5), ("P2", 5), ("P3", 4)):
        for n in range(count):
            consume(organization, priority, reference=f"{priority}-{n}", at=timezone.now())
    case = submit(request(usr, case_type="consulta", severity="P3", received_at=None))

    page = agent_client.get(f"/cases/{case.number}/").content.decode()

    usable = page.split('id="allowance"', 1)[1].split("</td>", 1)[0]
    assert "Póliza Intermedia · P1: 0 disponibles — el total del plan (14) está agotado" in usable
