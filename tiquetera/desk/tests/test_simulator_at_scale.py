"""The Simulador's report page at scale (issue 19): a list of cases shows its first rows, the
most significant first, says how many there are in all and links to the CSV, which holds them
all. The report is a generated one, stored as the worker stores it."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tiquetera.policy.models import SimulationReport
from tiquetera.policy.simulation.tables import SHOWN
from tiquetera.policy.tests.test_simulate_report_at_scale import _report
from tiquetera.tickets.tests.intake_world import preset

from .test_simulator import admin_client  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_a_long_list_shows_its_first_rows_and_the_csv_holds_them_all(admin_client):  # noqa: F811
    with translation.override("es"):
        built = json.loads(json.dumps(_report(1_000)))  # as the JSON field gives it back
    stored = SimulationReport.objects.create(
        policy=preset("jq-systems"),
        filename="jq.toml",
        text="",
        checksum="0" * 64,
        start="2026-07-01",
        end="2026-09-30",
        requested_at=timezone.now(),
        finished_at=timezone.now(),
        status=SimulationReport.Status.DONE,
        report=built,
    )

    page = admin_client.get(reverse("desk:simulation", args=[stored.pk])).content.decode()

    changed = page.split('id="table-changed-cases"')[1].split("</article>")[0]
    assert changed.count("<tr>") == 1 + SHOWN  # the header and the first rows
    csv_url = reverse("desk:simulation_csv", args=[stored.pk, "changed-cases"])
    assert (
        f'Las primeras {SHOWN} de 250, las más significativas primero: <a href="{csv_url}" '
        "download>ver todas en el CSV</a>." in changed
    )
    assert "JQ-2026-000796" in changed and "JQ-2026-000800" not in changed  # the 200th, 201st
    assert page.count("las más significativas primero") == 2  # the deadlines too, not the sums
    rows = list(csv.reader(io.StringIO(admin_client.get(csv_url).content.decode())))
    assert len(rows) == 1 + 250
    assert [row[0] for row in rows[1:]] == [c["case"] for c in built["changed_cases"]]
