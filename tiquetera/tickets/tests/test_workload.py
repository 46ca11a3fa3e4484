"""Each agent's count of working cases (`Agent.working_cases`), which auto-assignment orders
by: it follows every saved and deleted case, and the nightly recount mends what bypassed
`save()`."""

import random
import threading

import pytest
from django.db import connection

from tiquetera.contracts.tests.test_consume_race import shared_database  # noqa: F401
from tiquetera.directory.models import Agent
from tiquetera.testing.factories import AgentFactory, AgentProfileFactory
from tiquetera.tickets.lifecycle.assignment import assign
from tiquetera.tickets.lifecycle.linking import merge_duplicate
from tiquetera.tickets.lifecycle.resolution import reopen, resolve
from tiquetera.tickets.models import Case
from tiquetera.tickets.services import change_status
from tiquetera.tickets.statuses import Status
from tiquetera.tickets.tests.factories import CaseFactory
from tiquetera.tickets.workload import recount

pytestmark = pytest.mark.django_db


def working(agent: Agent) -> int:
    return Agent.objects.get(pk=agent.pk).working_cases


@pytest.fixture
def luis():
    return AgentProfileFactory(user=AgentFactory(first_name="Luis"))


@pytest.fixture
def marta():
    return AgentProfileFactory(user=AgentFactory(first_name="Marta"))


def test_a_case_saved_assigned_and_working_counts_and_a_finished_one_does_not(luis):
    CaseFactory(status=Status.IN_PROGRESS, assignee=luis.user)
    CaseFactory(status=Status.WAITING_ON_CLIENT, assignee=luis.user)
    CaseFactory(status=Status.CLOSED, assignee=luis.user)
    CaseFactory(status=Status.PENDING_INFORMATION, assignee=luis.user)
    assert working(luis) == 2


def test_assigning_moves_the_case_from_one_agent_to_the_other(luis, marta):
    case = CaseFactory(status=Status.OPEN, assignee=luis.user)
    assign(case, agent=marta, actor=None)
    assert (working(luis), working(marta)) == (0, 1)


def test_resolving_frees_the_agent_and_reopening_gives_the_case_back(luis):
    case = CaseFactory(status=Status.IN_PROGRESS, assignee=luis.user)
    resolve(case, resolution="Se reinstaló el módulo.", actor=luis.user)
    assert working(luis) == 0
    reopen(case, actor=None, reason="Sigue fallando")
    assert working(luis) == 1


def test_merging_a_duplicate_frees_its_agent(luis, marta):
    kept = CaseFactory(status=Status.OPEN, assignee=marta.user)
    duplicate = CaseFactory(
        status=Status.WAITING_ON_CLIENT, assignee=luis.user, organization=kept.organization
    )
    merge_duplicate(duplicate, into=kept, actor=marta.user)
    assert (working(luis), working(marta)) == (0, 1)


def test_a_save_of_other_fields_changes_nothing_and_a_stale_copy_counts_once(luis):
    case = CaseFactory(status=Status.OPEN, assignee=luis.user)
    case.subject = "Otro asunto"
    case.save(update_fields=["subject"])
    change_status(case, Status.RESOLVED, actor=None)  # the caller's copy learns the new status
    case.save()  # saving it again moves nothing
    assert working(luis) == 0


def test_deleting_a_working_case_frees_its_agent(luis):
    case = CaseFactory(status=Status.OPEN, assignee=luis.user)
    Case.objects.get(pk=case.pk).delete()
    assert working(luis) == 0


def test_the_recount_mends_what_bypassed_save_and_says_how_many_were_off(luis, marta):
    CaseFactory(status=Status.OPEN, assignee=luis.user)
    Case.objects.update(assignee=marta.user)  # no signal: the counts are now wrong
    assert (working(luis), working(marta)) == (1, 0)
    assert recount() == 2
    assert (working(luis), working(marta)) == (0, 1)
    assert recount() == 0


def test_any_mix_of_assignments_and_moves_leaves_the_counts_right(luis, marta):
    rng = random.Random(7)
    agents = [luis, marta]
    cases = [CaseFactory(status=Status.OPEN) for _ in range(6)]
    for _ in range(60):
        case = Case.objects.get(pk=rng.choice(cases).pk)
        if rng.random() < 0.5:
            assign(case, agent=rng.choice(agents), actor=None)
            continue
        status = Status(case.status)
        targets = {
            Status.OPEN: Status.IN_PROGRESS,
            Status.IN_PROGRESS: Status.WAITING_ON_CLIENT,
            Status.WAITING_ON_CLIENT: Status.RESOLVED,
            Status.RESOLVED: Status.IN_PROGRESS,
        }
        change_status(case, targets[status], actor=None)
    assert recount() == 0
    assert (
        working(luis) + working(marta)
        == Case.objects.filter(
            status__in=[Status.OPEN, Status.IN_PROGRESS, Status.WAITING_ON_CLIENT],
            assignee__isnull=False,
        ).count()
    )


@pytest.mark.usefixtures("shared_database")
def test_agents_swapping_cases_at_once_neither_deadlock_nor_miscount():
    """Twenty reassignments at once, half from Luis to Marta and half back, each on its own
    connection: every one succeeds and both counts stay at ten."""
    luis = AgentProfileFactory(user=AgentFactory(first_name="Luis"))
    marta = AgentProfileFactory(user=AgentFactory(first_name="Marta"))
    moves = [
        (CaseFactory(status=Status.OPEN, assignee=giver.user).pk, taker)
        for giver, taker in [(luis, marta), (marta, luis)] * 10
    ]
    start, errors = threading.Barrier(len(moves)), []

    def reassign(pk, taker):
        try:
            start.wait()
            assign(Case.objects.get(pk=pk), agent=taker, actor=None)
        except Exception as error:  # the test's answer: any failure is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=reassign, args=move) for move in moves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (working(luis), working(marta)) == (10, 10)
    assert recount() == 0
