"""`tiquetera seed` makes the shapes the benchmarks rely on, and adds to an earlier run."""

import pytest
from django.core.management import call_command

from tiquetera.sla.models import Clock
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import QUEUE_STATUSES

pytestmark = pytest.mark.django_db


def test_seed_makes_numbered_cases_with_open_ones_in_the_queue_and_their_clocks():
    call_command("seed", cases=400, organizations=5, agents=3, open_share=0.25)
    assert Case.objects.count() == 400
    numbers = set(Case.objects.values_list("number", flat=True))
    assert len(numbers) == 400
    queued = Case.objects.filter(status__in=QUEUE_STATUSES)
    assert 50 < queued.count() < 150  # about a quarter, fewer the waiting ones
    assert not queued.filter(sla_due_at__isnull=True).exists()
    # each with its resolution clock running (an unassigned one, its assignment clock too)
    running = Clock.objects.filter(state="running", metric="resolution")
    assert running.count() == queued.count()
    assert Case.objects.values("created_at").distinct().count() > 300  # spread over the year

    call_command("seed", cases=100, organizations=5, agents=3)
    assert Case.objects.count() == 500
    assert Case.objects.values("number").distinct().count() == 500
