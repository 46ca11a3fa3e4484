"""A case is judged by the rules in force at its arrival (issue 16; seed 003: "cambios que
estarán vigentes a partir del 1 de julio"): which revision was in force at a moment, the
catalogue and SLA targets of a past revision built from its text, and the intake applying a due
revision before the worker does — once, however many processes try."""

import datetime as dt
import threading
import time
from functools import partial
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tiquetera.audit.models import AuditEvent
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401 (fixture)
from tiquetera.directory.models import Contact
from tiquetera.policy.in_force import revision_at
from tiquetera.policy.models import Policy, PolicyRevision
from tiquetera.policy.revisions import (
    apply_due_first,
    apply_due_revisions,
    load_file,
    unschedule,
)
from tiquetera.policy.schema import PRESETS_DIR, read_policy
from tiquetera.policy.simulation.run import simulate
from tiquetera.sla.models import Clock, SlaTarget
from tiquetera.testing.factories import ContactFactory, OrganizationFactory
from tiquetera.tickets.catalogue import catalogue, catalogue_at
from tiquetera.tickets.intake.pipeline import submit
from tiquetera.tickets.intake.request import IntakeRequest
from tiquetera.tickets.lifecycle.case_type import change_case_type
from tiquetera.tickets.models import Case, IntakeRule

PANAMA = ZoneInfo("America/Panama")
State = PolicyRevision.State
PRESET = (PRESETS_DIR / "sisnova.toml").read_text(encoding="utf-8")
PORTAL_ONLY = """[[intake]]
rule = "channel"
form = ["portal", "api"]
other = "reject"
justification = "ignored"
"""
DESK = '[desk]\ncase_prefix = "SIS"\n'
BY_EMAIL = DESK + 'channel_case_types = { email = "soporte" }\n'


def target(metric: str, within: str) -> str:
    return f'\n[[sla.targets]]\nmetric = "{metric}"\nwithin = "{within}"\n'


# Before: cases by any channel, first response in 8 hours, resolution in 40. From the moment:
# the portal only (the preset), first response in 4 hours, no resolution target.
BEFORE = PRESET.replace(PORTAL_ONLY, "").replace(DESK, BY_EMAIL)
BEFORE += target("first_response", "8h") + target("resolution", "40h")
BEFORE += target("first_response", "2h").replace("\nwithin", '\ncase_type = "error"\nwithin')


def after(moment: dt.datetime | dt.date) -> str:
    line = f'language = "es"\neffective_from = {moment.isoformat()}\n'
    return PRESET.replace('language = "es"\n', line, 1) + target("first_response", "4h")


def july_1() -> dt.datetime:
    return dt.datetime(timezone.localdate().year + 1, 7, 1, tzinfo=PANAMA)


@pytest.fixture
def load(write):
    def load_text(text: str, name: str) -> PolicyRevision:
        revision = load_file(read_policy(write(text, name))).revision
        assert revision is not None
        return revision

    return load_text


@pytest.fixture
def before(load) -> PolicyRevision:
    """The old rules in force (loaded now, from a file), the July ones scheduled."""
    revision = load(BEFORE, "antes.toml")
    load(after(july_1().date()), "julio.toml")
    return revision


def contact() -> Contact:
    organization = OrganizationFactory(
        policy=Policy.objects.get(slug="sisnova"), country="PA", edition="LOCAL"
    )
    start_contract(
        organization, "local-mensual", start=timezone.localdate().replace(day=1), actor=None
    )
    return ContactFactory(organization=organization, role="usr", email="admin@tienda.pa")


def by_email(requester: Contact, received_at: dt.datetime) -> IntakeRequest:
    return IntakeRequest(
        channel="email",
        subject="No imprime la factura",
        description="Al imprimir la factura 123 aparece el error E-501.",
        requester=requester,
        received_at=received_at,
    )


# --- which revision was in force ---------------------------------------------------------------
@pytest.mark.django_db
def test_the_revision_in_force_at_each_moment(before, load):
    policy = Policy.objects.get(slug="sisnova")
    moment = july_1()
    assert revision_at(policy.pk, moment) is None  # scheduled, not applied: the live tables

    (july,) = apply_due_revisions(moment)

    assert revision_at(policy.pk, moment - dt.timedelta(seconds=1)) == before.pk
    assert revision_at(policy.pk, moment) is None  # the live tables hold July's
    assert revision_at(policy.pk, before.applied_at - dt.timedelta(days=30)) == before.pk
    # a file loaded at once later takes over from its load: July's stays in force before it
    corrected = load(BEFORE.replace('name = "Sisnova"', 'name = "Sisnova S.A."'), "hoy.toml")
    assert revision_at(policy.pk, moment + dt.timedelta(days=1)) is None
    assert revision_at(policy.pk, corrected.applied_at - dt.timedelta(seconds=1)) == before.pk
    assert july.pk != corrected.pk


# --- the rules and targets of a past revision --------------------------------------------------
@pytest.mark.django_db
def test_a_past_revisions_catalogue_is_built_from_its_text_without_a_write(before):
    policy = Policy.objects.get(slug="sisnova")
    apply_due_revisions(july_1())
    rules = IntakeRule.objects.filter(policy=policy).count()

    old = catalogue_at(policy.pk, july_1() - dt.timedelta(minutes=1))
    new = catalogue_at(policy.pk, july_1())

    assert new == catalogue(policy.pk)
    assert "channel" in [kind for _position, kind, _params in new.rules]
    assert "channel" not in [kind for _position, kind, _params in old.rules]
    assert old.desk is not None and old.desk.channel_case_types == {"email": "soporte"}
    assert (
        set(old.case_types) == set(new.case_types)
        and old.severities.keys() == new.severities.keys()
    )
    assert IntakeRule.objects.filter(policy=policy).count() == rules  # nothing loaded


@pytest.mark.django_db
def test_a_case_that_arrived_before_the_moment_gets_the_rules_and_targets_of_its_arrival(before):
    """Received before July 1, taken in after the July file was applied (an email fetched
    late): accepted by email, first response in 8 hours, a resolution clock July's file has no
    target for — its minutes from the old file, on no target row."""
    requester = contact()
    apply_due_revisions(july_1())

    case = submit(by_email(requester, timezone.now()))

    assert (case.status, case.intake) == ("open", "accepted")
    clocks = {clock.metric: clock for clock in Clock.objects.filter(case=case)}
    live = SlaTarget.objects.get(policy=case.policy, metric="first_response")
    assert (clocks["first_response"].target_minutes, live.minutes) == (8 * 60, 4 * 60)
    assert clocks["first_response"].target_id == live.pk
    assert clocks["resolution"].target_minutes == 40 * 60
    assert clocks["resolution"].target_id is None


@pytest.mark.django_db
def test_a_case_arriving_after_the_moment_gets_the_new_rules(before):
    requester = contact()
    apply_due_revisions(july_1())
    arrival = july_1() + dt.timedelta(seconds=30)

    case = submit(by_email(requester, arrival))

    assert (case.status, case.intake_reason) == ("rejected", "wrong_channel")


@pytest.mark.django_db
def test_another_type_for_an_old_case_takes_the_targets_of_its_arrival(before, agent):
    """An agent gives the case the type "error": the old file's 2 hours for it apply (the July
    file has no target for the type, so the clock points to no row); back to "soporte", the old
    8 hours, on the live target of that key."""
    case = submit(by_email(contact(), timezone.now()))
    apply_due_revisions(july_1())

    change_case_type(case, "error", actor=agent, reason="Es un error del sistema.")
    clock = Clock.objects.get(case=case, metric="first_response")
    assert (clock.target_minutes, clock.target_id) == (2 * 60, None)

    change_case_type(case, "soporte", actor=agent, reason="Era soporte.")
    clock.refresh_from_db()
    live = SlaTarget.objects.get(policy=case.policy, metric="first_response")
    assert (clock.target_minutes, clock.target_id) == (8 * 60, live.pk)


# --- the intake applies a due revision first ---------------------------------------------------
@pytest.mark.django_db
def test_the_intake_applies_a_due_revision_before_the_worker(load):
    load(BEFORE, "antes.toml")
    requester = contact()
    moment = (timezone.now() + dt.timedelta(seconds=2)).replace(microsecond=0)
    scheduled = load(after(moment), "julio.toml")
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)

    case = submit(by_email(requester, timezone.now()))

    scheduled.refresh_from_db()
    assert scheduled.state == State.APPLIED and scheduled.applied_at >= moment
    assert (case.status, case.intake_reason) == ("rejected", "wrong_channel")


@pytest.mark.django_db
def test_before_the_next_moment_the_intakes_guard_reads_nothing(before):
    """July's revision is scheduled: until its moment the intake knows it from the policy's
    cached rules and reads no revision."""
    requester = contact()
    submit(by_email(requester, timezone.now()))  # the caches warm

    with CaptureQueriesContext(connection) as captured:
        submit(by_email(requester, timezone.now()))

    revisions = [q["sql"] for q in captured.captured_queries if "policy_policyrevision" in q["sql"]]
    assert revisions == []


@pytest.mark.django_db
def test_a_revision_scheduled_after_the_cache_was_filled_applies_at_its_moment(load):
    """The next scheduled moment is cached with the policy's rules; scheduling gives the policy
    a new revision in the database (not in this process's memory), which is how a process other
    than the one that scheduled it learns of it at its next intake."""
    load(BEFORE, "antes.toml")
    requester = contact()
    submit(by_email(requester, timezone.now()))  # nothing scheduled: cached as such
    moment = (timezone.now() + dt.timedelta(seconds=2)).replace(microsecond=0)
    scheduled = load(after(moment), "julio.toml")

    early = submit(by_email(requester, timezone.now()))
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)
    on_time = submit(by_email(requester, timezone.now()))

    assert (early.status, early.intake) == ("open", "accepted")  # before the moment: by email
    scheduled.refresh_from_db()
    assert scheduled.state == State.APPLIED
    assert (on_time.status, on_time.intake_reason) == ("rejected", "wrong_channel")


@pytest.mark.django_db
def test_a_cancelled_revision_is_not_applied_at_its_moment(load):
    load(BEFORE, "antes.toml")
    requester = contact()
    moment = (timezone.now() + dt.timedelta(seconds=2)).replace(microsecond=0)
    scheduled = load(after(moment), "julio.toml")
    submit(by_email(requester, timezone.now()))  # the scheduled moment is cached

    unschedule(scheduled.pk)
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.1)
    case = submit(by_email(requester, timezone.now()))

    scheduled.refresh_from_db()
    assert scheduled.state == State.CANCELLED
    assert (case.status, case.intake) == ("open", "accepted")
    assert not AuditEvent.objects.filter(verb="policy.revision_applied").exists()


@pytest.mark.django_db(transaction=True)
def test_the_intake_and_the_worker_at_once_apply_it_once(shared_database, load):  # noqa: F811
    load(BEFORE, "antes.toml")
    load(after(july_1().date()), "julio.toml")
    barrier, errors = threading.Barrier(4), []

    def run(apply):
        try:
            barrier.wait()
            apply(july_1())
        except Exception as error:  # the test counts every failure, whatever it is
            errors.append(error)
        finally:
            connection.close()

    policy_id = Policy.objects.get(slug="sisnova").pk
    intake = partial(apply_due_first, policy_id)
    threads = [threading.Thread(target=run, args=(intake,)) for _ in range(2)]
    threads += [threading.Thread(target=run, args=(apply_due_revisions,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.filter(verb="policy.revision_applied").count() == 1
    assert PolicyRevision.objects.filter(state=State.APPLIED).count() == 2


# --- the simulator -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_simulator_judges_every_case_by_the_file_it_loads(before):
    """Cases received before the revision in force replay under the simulated file, not under
    the revision of their arrival."""
    requester = contact()
    case = submit(by_email(requester, timezone.now()))
    apply_due_revisions(july_1())
    assert case.intake == "accepted"

    day = timezone.localdate()
    result = simulate(after(july_1().date()), filename="julio.toml", start=day, end=day)

    (proposed,) = result.proposed
    assert (proposed.intake, proposed.reason) == (Case.Intake.REFUSED, "wrong_channel")
