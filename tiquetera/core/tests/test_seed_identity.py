"""Issue 19, "Identity" on the bench data: `tiquetera seed` writes its cases as the intake
decided them (and their lives as the desk's clock transitions moved them), so simulating the
policy in use over the seeded year reproduces every case, field by field."""

import datetime as dt
from collections import Counter
from dataclasses import fields

import pytest
from django.core.management import call_command
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.models import Consumption, EntitlementPeriod
from tiquetera.policy.simulation import report
from tiquetera.policy.simulation.report import simulate
from tiquetera.policy.tests.simulation_world import preset_text
from tiquetera.sla.models import Clock
from tiquetera.tickets.models import Case, IntakeCheck

pytestmark = pytest.mark.django_db


def test_simulating_the_policy_in_use_over_seeded_cases_reproduces_what_was_recorded():
    call_command("seed", cases=300, organizations=10, agents=3, open_share=0.2)
    cases = Case.objects.all()
    assert cases.count() == 300
    # a mix the rules decided: accepted and opened, parked for a field, refused (invalid,
    # contractual plans' S1/S2 are not covered) — each with its trail
    intakes = Counter(cases.values_list("intake", flat=True))
    assert intakes[Case.Intake.ACCEPTED] > 200 and intakes[Case.Intake.ACCEPTED] < 300
    assert AuditEvent.objects.filter(verb="case.created").count() == 300
    assert IntakeCheck.objects.values("case").distinct().count() == 300
    covered = Consumption.objects.filter(outcome=Consumption.Outcome.COVERED)
    assert covered.count() == cases.filter(consumption__outcome="covered").count() > 150
    used = sum(EntitlementPeriod.objects.values_list("total_used", flat=True))
    assert used == covered.count()  # the quota counters count them
    assert Clock.objects.filter(state=Clock.State.MET, metric="resolution").exists()
    assert cases.filter(status="closed", resolved_at__isnull=False).exists()

    first = timezone.localdate(cases.order_by("created_at").first().created_at)
    window = {"start": first - dt.timedelta(days=1), "end": timezone.localdate()}
    result = simulate(preset_text("jq-systems"), filename="jq-systems.toml", **window)

    assert len(result.current) == 300
    differing = {
        now.number: [f.name for f in fields(now) if getattr(now, f.name) != getattr(then, f.name)]
        for now, then in zip(result.current, result.proposed, strict=True)
        if now != then
    }
    assert differing == {}
    assert sum(1 for f in result.current if f.clocks) > 200
    built = report.build(result)
    assert built["changed_cases"] == [] and built["sla_changes"] == []
