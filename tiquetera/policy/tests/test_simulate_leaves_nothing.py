"""Issue 19, "Nothing leaks out of a simulation": no row, file, email, audit event or queued job
exists afterwards that did not exist before — also when the simulation fails half way. Run with
real transactions (the simulation's is the outermost), on SQLite and on PostgreSQL."""

import datetime as dt

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import connection
from huey.contrib.djhuey import HUEY

from tiquetera.billing.services import charge_onsite_visit
from tiquetera.contracts.models import Plan
from tiquetera.notifications.models import Notification
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.schema import parse_policy
from tiquetera.policy.simulation import report
from tiquetera.policy.simulation.report import simulate
from tiquetera.testing.factories import AgentFactory
from tiquetera.tickets.models import Case, CaseNumberSequence

from .simulation_world import customsoft_july, preset_text

pytestmark = pytest.mark.django_db(transaction=True)
JULY = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 7, 31)}
SMALLER = preset_text("customsoft").replace("total_cap = 14", "total_cap = 12", 1)


def _everything() -> dict:
    rows = {
        model._meta.label: sorted(model._default_manager.values_list("pk", flat=True))
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    media = settings.MEDIA_ROOT
    files = sorted(str(p) for p in media.rglob("*")) if media.exists() else []
    return {"rows": rows, "files": files, "emails": len(mail.outbox), "jobs": HUEY.pending_count()}


def _no_pending_commit_hooks() -> None:
    assert not connection.run_on_commit and not connection.in_atomic_block


def test_a_simulation_leaves_nothing_behind():
    customsoft_july()
    before = _everything()

    result = simulate(SMALLER, filename="customsoft.toml", **JULY)

    assert result.proposed != result.current  # it did replay, and differently
    assert _everything() == before
    _no_pending_commit_hooks()


def test_a_simulation_failing_half_way_leaves_nothing_behind():
    customsoft_july()
    before = _everything()
    replayed = []

    def fail_at_the_eighth(index: int, case: object) -> None:
        replayed.append(case)
        if index == 7:
            raise RuntimeError("a failure half way")

    with pytest.raises(RuntimeError, match="half way"):
        simulate(SMALLER, filename="customsoft.toml", after_case=fail_at_the_eighth, **JULY)

    assert len(replayed) == 8
    assert _everything() == before
    _no_pending_commit_hooks()


def test_a_policy_the_database_refuses_half_way_leaves_nothing_behind():
    """A file right in itself that cannot be loaded over the data (a plan removed that contracts
    use) fails inside the simulation's transaction: nothing of the load stays."""
    customsoft_july()
    before = _everything()
    start = SMALLER.index("[plans.intermedia]")
    end = SMALLER.index("[plans.avanzada]")
    without_intermedia = SMALLER[:start] + SMALLER[end:]
    target = '[[sla.targets]]\nmetric = "first_response"\nplan = "intermedia"\nwithin = "24h"\n'
    assert target in without_intermedia
    without_intermedia = without_intermedia.replace(target, "")
    parse_policy(without_intermedia, "customsoft.toml")  # right in itself

    with pytest.raises(PolicyFileError) as refused:
        simulate(without_intermedia, filename="customsoft.toml", **JULY)

    assert [p.path for p in refused.value.problems] == [("plans", "intermedia")]

    assert _everything() == before


def test_a_replay_takes_no_case_number_writes_no_case_and_queues_no_email_inside_its_transaction():
    """A live intake takes the policy's next number (locking its counter row until its
    transaction ends), stores the case and queues the requester's email; a replay does none of
    it (it is decided in memory), so live intakes never wait for a simulation's number counter,
    and nothing is rendered for nobody."""
    customsoft_july()
    numbers = list(CaseNumberSequence.objects.values_list("pk", "last"))
    emails = Notification.objects.count()
    cases = Case.objects.count()
    seen = []

    def look(index: int, case: object) -> None:
        seen.append(
            (
                list(CaseNumberSequence.objects.values_list("pk", "last")),
                Notification.objects.count(),
                Case.objects.count(),
            )
        )

    simulate(SMALLER, filename="customsoft.toml", after_case=look, **JULY)

    assert len(seen) == 15
    assert all(seen_now == (numbers, emails, cases) for seen_now in seen)


def test_pricing_the_work_after_arrival_under_the_file_leaves_nothing_behind():
    """The report prices the recorded visits with the file loaded (`simulation.charges`), in a
    transaction of its own that is rolled back too."""
    contact, _cases = customsoft_july()
    agent = AgentFactory()
    for day in (8, 15):
        charge_onsite_visit(contact.organization, on=dt.date(2026, 7, day), actor=agent)
    more_visits = SMALLER.replace(
        "total_cap = 12\nonsite_visits_per_month = 1", "total_cap = 12\nonsite_visits_per_month = 2"
    )
    assert more_visits != SMALLER
    before = _everything()

    built = report.build(simulate(more_visits, filename="customsoft.toml", **JULY))

    visits = next(row for row in built["revenue"] if row["kind"] == "onsite_visit")
    assert (visits["current"], visits["proposed"]) == ("1500.00", "0.00")
    assert _everything() == before
    assert Plan.objects.get(key="intermedia").onsite_visits_per_month == 1
    _no_pending_commit_hooks()
