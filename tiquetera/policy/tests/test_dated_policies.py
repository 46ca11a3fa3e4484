"""Dated policies (seed 003: "cambios que estarán vigentes a partir del 1 de julio"): a file with
`effective_from` to come is scheduled, not loaded; the worker applies it at its moment, once."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from tiquetera.audit.models import AuditEvent
from tiquetera.calendars.models import Calendar
from tiquetera.contracts.services import start_contract
from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401 (fixture)
from tiquetera.policy.models import Policy, PolicyRevision
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.revisions import apply_due_revisions, load_file
from tiquetera.policy.schema import parse_policy, read_policy
from tiquetera.policy.tasks import apply_policy_revisions
from tiquetera.sla.models import Clock
from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.tests.intake_world import preset

from .conftest import EXAMPLE, problems

BOGOTA = ZoneInfo("America/Bogota")
State = PolicyRevision.State


def dated(when: str, text: str = EXAMPLE) -> str:
    """`text` with `effective_from = when` in its [policy] table (line 11)."""
    return text.replace('description = "Soporte de ejemplo."\n', f"{when_line(when)}", 1)


def when_line(when: str) -> str:
    return f'description = "Soporte de ejemplo."\neffective_from = {when}\n'


def next_year() -> int:
    return timezone.localdate().year + 1


@pytest.fixture(autouse=True)
def english(english):
    return english


@pytest.fixture
def loaded(write):
    """The example policy in force, loaded from a file (so it has a revision)."""
    load_file(read_policy(write(EXAMPLE, "acme.toml")))


# --- the file ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-07-01", dt.datetime(2027, 7, 1, tzinfo=BOGOTA)),
        ("2027-07-01T08:30:00", dt.datetime(2027, 7, 1, 8, 30, tzinfo=BOGOTA)),
        ("2027-07-01T08:30:00Z", dt.datetime(2027, 7, 1, 8, 30, tzinfo=dt.UTC)),
    ],
)
def test_effective_from_is_read_in_the_policys_time_zone(value, expected):
    document = parse_policy(dated(value))
    assert document.policy.effective_moment() == expected


def test_effective_from_in_quotes_is_an_error_at_its_line():
    assert problems(dated('"1 de julio"')) == [
        "acme.toml:11: policy.effective_from: Must be a date such as 2027-07-01 or a date and "
        "time such as 2027-07-01T08:00:00, without quotes, not “1 de julio”."
    ]


@pytest.mark.django_db
def test_check_refuses_an_effective_from_already_past_at_its_line(write, capsys):
    path = write(dated("2020-07-01"))
    with pytest.raises(CommandError, match=r"has 1 problem\.$"):
        call_command("policy", "check", path)
    assert capsys.readouterr().err == (
        f"{path}:11: policy.effective_from: The date 2020-07-01 has already passed: a policy "
        "cannot take effect in the past. Write a date to come, or leave effective_from out to "
        "load the file now.\n"
    )


@pytest.mark.django_db
def test_load_refuses_it_too_and_loads_nothing(write):
    with pytest.raises(CommandError, match=r"Nothing was loaded\.$"):
        call_command("policy", "load", write(dated("2020-07-01")))
    assert not Policy.objects.exists() and not PolicyRevision.objects.exists()


@pytest.mark.django_db
def test_a_past_effective_from_is_fine_when_it_is_the_revision_in_force(write, capsys):
    """The scheduled file, once applied, checks and loads again (nothing changes)."""
    path = write(dated(f"{next_year()}-07-01"))
    call_command("policy", "load", path)
    apply_due_revisions(dt.datetime(next_year(), 7, 1, 0, 1, tzinfo=BOGOTA))
    capsys.readouterr()
    revision = PolicyRevision.objects.get()
    later = dt.datetime(next_year(), 7, 2, tzinfo=BOGOTA)

    assert load_file(read_policy(path), now=later).report.changed is False
    assert PolicyRevision.objects.get() == revision  # the same file: no new revision


@pytest.mark.django_db
def test_check_says_a_future_file_will_be_scheduled(write, capsys):
    call_command("policy", "check", write(dated(f"{next_year()}-07-01")))
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Loading it schedules it: it takes effect on July 1, {next_year()}, midnight "
        "(America/Bogota)."
    )


# --- scheduling --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_load_with_a_future_date_schedules_and_changes_nothing_in_force(loaded, write, capsys):
    before = Calendar.objects.get(key="regular").week
    path = write(dated(f"{next_year()}-07-01", EXAMPLE.replace("13:00", "12:00")), "new.toml")

    call_command("policy", "load", path)

    revision = PolicyRevision.objects.get(state=State.SCHEDULED)
    assert capsys.readouterr().out == (
        f"Policy acme: scheduled as revision {revision.pk}, to take effect on July 1, "
        f"{next_year()}, midnight (America/Bogota). Until then the rules in force stay; cancel "
        f"it with “tiquetera policy unschedule {revision.pk}”.\n"
    )
    assert Calendar.objects.get(key="regular").week == before
    assert revision.effective_from == dt.datetime(next_year(), 7, 1, tzinfo=BOGOTA)
    assert revision.source == path and "12:00" in revision.text and len(revision.checksum) == 64
    assert AuditEvent.objects.filter(verb="policy.revision_scheduled").count() == 1


@pytest.mark.django_db
def test_loading_the_same_file_again_keeps_one_schedule(loaded, write, capsys):
    path = write(dated(f"{next_year()}-07-01"), "new.toml")
    call_command("policy", "load", path)
    call_command("policy", "load", path)
    assert "is already scheduled as revision" in capsys.readouterr().out.splitlines()[-1]
    assert PolicyRevision.objects.filter(state=State.SCHEDULED).count() == 1


@pytest.mark.django_db
def test_another_file_for_the_same_moment_is_refused(loaded, write):
    load_file(read_policy(write(dated(f"{next_year()}-07-01"), "a.toml")))
    other = write(dated(f"{next_year()}-07-01", EXAMPLE.replace("Acme", "Acme 2")), "b.toml")
    with pytest.raises(PolicyFileError) as error:
        load_file(read_policy(other))
    assert error.value.lines()[0].startswith(f"{other}:11: policy.effective_from: Another file")


# --- applying ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_worker_applies_it_at_its_moment_exactly_once(loaded, write):
    load_file(read_policy(write(dated(f"{next_year()}-07-01T08:00:00", _renamed()), "n.toml")))
    moment = dt.datetime(next_year(), 7, 1, 8, 0, tzinfo=BOGOTA)

    assert apply_policy_revisions.call_local(moment.replace(minute=0, hour=7).isoformat()) == []
    assert Policy.objects.get().name == "Acme Soporte"

    (applied,) = apply_policy_revisions.call_local(moment.isoformat())
    assert Policy.objects.get().name == "Acme Soporte 2027"
    revision = PolicyRevision.objects.get(pk=applied)
    assert (revision.state, revision.applied_at) == (State.APPLIED, moment)
    assert apply_policy_revisions.call_local((moment + dt.timedelta(minutes=1)).isoformat()) == []
    assert AuditEvent.objects.filter(verb="policy.revision_applied").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_apply_it_once(shared_database, write):  # noqa: F811
    load_file(read_policy(write(EXAMPLE, "acme.toml")))
    load_file(read_policy(write(dated(f"{next_year()}-07-01", _renamed()), "n.toml")))
    moment = dt.datetime(next_year(), 7, 1, 0, 5, tzinfo=BOGOTA)
    barrier, applied, errors = threading.Barrier(4), [], []

    def worker():
        try:
            barrier.wait()
            applied.extend(apply_due_revisions(moment))
        except Exception as error:  # the test counts every failure, whatever it is
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and len(applied) == 1
    assert AuditEvent.objects.filter(verb="policy.revision_applied").count() == 1
    assert AuditEvent.objects.filter(verb="policy.loaded").count() == 2  # first load, then this


@pytest.mark.django_db
def test_a_revision_that_no_longer_loads_fails_and_the_rules_in_force_stay(loaded, write):
    """A calendar the revision drops is still counted on by a clock: it cannot be applied."""
    urgent = Calendar.objects.get(key="urgent")
    Clock.objects.create(
        case=CaseFactory(organization__policy=urgent.policy),
        metric="assignment",
        calendar=urgent,
        target_minutes=60,
        state=Clock.State.RUNNING,
        started_at=timezone.now(),
    )
    without_urgent = EXAMPLE.split("[calendars.urgent]")[0]
    load_file(read_policy(write(dated(f"{next_year()}-07-01", without_urgent), "n.toml")))

    (revision,) = apply_due_revisions(dt.datetime(next_year(), 7, 1, 1, tzinfo=BOGOTA))

    assert revision.state == State.FAILED
    assert "The calendar “urgent” is not in the file, but it is still used" in revision.error
    assert Calendar.objects.filter(key="urgent").exists()


def _renamed() -> str:
    return EXAMPLE.replace('name = "Acme Soporte"', 'name = "Acme Soporte 2027"')


# --- status and cancelling ---------------------------------------------------------------------
@pytest.mark.django_db
def test_status_lists_the_revision_in_force_and_the_scheduled_ones(loaded, write, capsys):
    call_command("policy", "load", write(dated(f"{next_year()}-07-01", _renamed()), "n.toml"))
    current, scheduled = PolicyRevision.objects.order_by("pk")
    capsys.readouterr()

    call_command("policy", "status")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Policy acme (Acme Soporte)"
    assert lines[1].startswith(f"  In force: revision {current.pk}; loaded on ")
    assert lines[1].endswith(
        f"by the command line from {current.source} (checksum {current.checksum[:12]})."
    )
    assert lines[2].startswith(
        f"  Scheduled: revision {scheduled.pk} takes effect on July 1, {next_year()}, midnight "
        "(America/Bogota); loaded on "
    )
    assert len(lines) == 3


@pytest.mark.django_db
def test_unschedule_cancels_it_for_good(loaded, write, capsys):
    load_file(read_policy(write(dated(f"{next_year()}-07-01", _renamed()), "n.toml")))
    revision = PolicyRevision.objects.get(state=State.SCHEDULED)

    call_command("policy", "unschedule", str(revision.pk))

    assert capsys.readouterr().out == (
        f"Revision {revision.pk} of policy acme is cancelled: it will not take effect.\n"
    )
    assert apply_due_revisions(dt.datetime(next_year(), 7, 2, tzinfo=BOGOTA)) == []
    assert Policy.objects.get().name == "Acme Soporte"
    with pytest.raises(CommandError, match="is not scheduled \\(it is cancelled\\)"):
        call_command("policy", "unschedule", str(revision.pk))
    call_command("policy", "status", "acme")
    assert capsys.readouterr().out.splitlines()[-1] == "  Nothing scheduled."


@pytest.mark.django_db
def test_apply_due_from_the_command_line_says_what_it_did(loaded, capsys):
    call_command("policy", "apply-due")
    assert capsys.readouterr().out == "No scheduled revision is due.\n"


@pytest.mark.django_db
def test_the_policy_admin_page_lists_the_scheduled_revision(loaded, write, admin_client):
    load_file(read_policy(write(dated(f"{next_year()}-07-01", _renamed()), "n.toml")))
    policy = Policy.objects.get()

    page = admin_client.get(f"/admin/policy/policy/{policy.pk}/change/").content.decode()

    assert "Revisiones: los archivos cargados y los programados" in page  # the admin speaks Spanish
    assert (
        f"1 jul {next_year()}" in page and "programada" in page
    )  # dates short, as lists write them


@pytest.mark.django_db
def test_a_new_policy_can_be_scheduled_before_anything_is_loaded(write, capsys):
    """A vendor's first file, dated: nothing exists until its moment, then it is the policy."""
    load_file(read_policy(write(dated(f"{next_year()}-07-01"), "acme.toml")))
    assert not Policy.objects.exists()
    call_command("policy", "status")
    assert capsys.readouterr().out.splitlines()[0] == "Policy acme: not loaded yet."

    (revision,) = apply_due_revisions(dt.datetime(next_year(), 7, 1, tzinfo=BOGOTA))

    assert revision.policy == Policy.objects.get(slug="acme")
    assert Calendar.objects.filter(policy=revision.policy).count() == 2


@pytest.mark.django_db
def test_status_of_a_policy_loaded_before_revisions_were_kept_says_where_from(capsys):
    preset("isys")
    call_command("policy", "status", "isys")
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("  In force: the policy as last loaded from preset:isys, changed on")
    assert lines[2] == "  Nothing scheduled."


@pytest.mark.django_db
def test_status_shows_a_revision_that_could_not_be_applied(loaded, write, capsys):
    plan = '\n[plans.basico]\nname = "Básico"\ncurrency = "COP"\nwhen_exhausted = "refuse"\n'
    load_file(read_policy(write(EXAMPLE + plan, "acme.toml")))
    start_contract(
        OrganizationFactory(policy=Policy.objects.get()),
        "basico",
        start=dt.date(2026, 12, 1),
        actor=None,
    )
    load_file(read_policy(write(dated(f"{next_year()}-07-01"), "n.toml")))  # drops the plan
    (failed,) = apply_due_revisions(dt.datetime(next_year(), 7, 1, tzinfo=BOGOTA))

    call_command("policy", "status", "acme")

    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith(f"  Could not be applied: revision {failed.pk}, due on July 1")
    assert "The plan “basico” is not in the file, but 1 contract uses it" in last


def test_the_worker_runs_the_task_every_minute():
    for minute in (0, 1, 59):
        due = HUEY.read_periodic(dt.datetime(2027, 7, 1, 0, minute))
        assert "policy_minute" in {task.name for task in due}
