"""Issue 19, "Identity" on generated data: every case of the demo loader's months (made by the
live pipeline, `tiquetera demo`) replayed in memory by the simulator comes out as recorded,
field by field — verdict, consumption, amount, every clock — and the replay writes no case, no
consumption, no clock and no intake check (`policy.simulation.intake`)."""

import datetime as dt
from dataclasses import fields

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.core.demo import load_demo
from tiquetera.policy.simulation.run import simulate
from tiquetera.tickets.models import Case

from .simulation_world import preset_text

pytestmark = pytest.mark.django_db
PER_CASE_TABLES = ("tickets_case", "contracts_consumption", "sla_clock", "tickets_intakecheck")


def test_every_demo_case_replayed_in_memory_comes_out_as_recorded():
    load_demo("jq-systems", cases_count=40)
    made = AuditEvent.objects.filter(
        verb="case.created", content_type=ContentType.objects.get_for_model(Case)
    ).values_list("object_id", flat=True)
    numbers = set(
        Case.objects.filter(pk__in=[int(pk) for pk in made]).values_list("number", flat=True)
    )
    first = Case.objects.order_by("created_at").first()
    assert first is not None and len(numbers) >= 30
    inserts: list[str] = []

    def watch(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if sql.lstrip().upper().startswith("INSERT"):
            inserts.append(sql)
        return execute(sql, params, many, context)

    start = timezone.localdate(first.created_at) - dt.timedelta(days=1)
    with connection.execute_wrapper(watch):
        result = simulate(
            preset_text("jq-systems"),
            filename="jq-systems.toml",
            start=start,
            end=timezone.localdate(),
        )

    pairs = [(now, then) for now, then in zip(result.current, result.proposed, strict=True)]
    compared = [(now, then) for now, then in pairs if now.number in numbers]
    assert len(compared) == len(numbers)
    differing = {
        now.number: [f.name for f in fields(now) if getattr(now, f.name) != getattr(then, f.name)]
        for now, then in compared
        if now != then
    }
    assert differing == {}
    assert any(now.clocks for now, _then in compared)
    assert {now.consumption for now, _then in compared} > {""}  # tickets were taken
    written = [sql for sql in inserts if any(f'"{table}"' in sql for table in PER_CASE_TABLES)]
    assert written == []
