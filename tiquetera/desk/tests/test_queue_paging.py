"""Keyset paging of the queue (`desk/queue.py`): the cursor is the last row's sort key, so the
pages cover every case once, in order, whatever cases arrive above the cursor meanwhile."""

import datetime as dt
import random

import pytest

from tiquetera.desk.queue import (
    InvalidQueueRequest,
    QueueCursor,
    QueueFilters,
    queue_page,
)
from tiquetera.testing.factories import OrganizationFactory
from tiquetera.tickets.models import Case
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 2, 17, 0, tzinfo=dt.UTC)


def expected_order(cases: list[Case]) -> list[int]:
    """The queue order worked out in Python, for the test only."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)

    def key(case: Case) -> tuple:
        return (case.severity_rank, case.plan_rank, case.sla_due_at or far, case.pk)

    return [case.pk for case in sorted(cases, key=key)]


@pytest.fixture
def mixed_cases() -> list[Case]:
    """41 cases in few groups, with shared deadlines and NULL deadlines in every group."""
    rng = random.Random(5)
    organization = OrganizationFactory()
    deadlines = [None, NOON, NOON + dt.timedelta(hours=1), NOON - dt.timedelta(minutes=30)]
    return [
        CaseFactory(
            organization=organization,
            status="open",
            plan_rank=rng.choice([1, 2]),
            severity_rank=rng.choice([1, 2, 3]),
            sla_due_at=rng.choice(deadlines),
        )
        for _ in range(41)
    ]


def all_pages(viewer, size: int) -> list[list[int]]:
    pages, after = [], None
    while True:
        page = queue_page(viewer, filters=QueueFilters(), after=after, size=size)
        pages.append([case.pk for case in page.cases])
        if page.next_cursor is None:
            return pages
        after = QueueCursor.decode(page.next_cursor.encode())


@pytest.mark.parametrize("size", [1, 2, 5, 7, 40, 41, 50])
def test_pages_cover_every_case_once_in_order(agent, mixed_cases, size):
    pages = all_pages(agent, size)
    assert all(len(page) == size for page in pages[:-1])
    assert [pk for page in pages for pk in page] == expected_order(mixed_cases)


def test_the_last_full_page_says_there_is_no_next(agent, mixed_cases):
    page = queue_page(agent, filters=QueueFilters(), size=41)
    assert len(page.cases) == 41
    assert page.next_cursor is None and page.next_token == ""


def test_a_case_inserted_above_the_cursor_does_not_shift_the_next_page(agent, mixed_cases):
    first = queue_page(agent, filters=QueueFilters(), size=10)
    assert first.next_cursor is not None
    expected_second = expected_order(mixed_cases)[10:20]
    # an urgency of the first group arrives, and a case just before the cursor
    CaseFactory(status="new", plan_rank=1, severity_rank=1, sla_due_at=NOON)
    last = first.cases[-1]
    CaseFactory(
        status="open",
        plan_rank=last.plan_rank,
        severity_rank=last.severity_rank,
        sla_due_at=(last.sla_due_at - dt.timedelta(seconds=1)) if last.sla_due_at else NOON,
    )
    second = queue_page(agent, filters=QueueFilters(), after=first.next_cursor, size=10)
    assert [case.pk for case in second.cases] == expected_second


def test_the_cursor_is_an_opaque_url_safe_token_that_round_trips():
    for due in (None, NOON, NOON.replace(microsecond=123456)):
        cursor = QueueCursor(plan_rank=1, severity_rank=32767, sla_due_at=due, id=991)
        token = cursor.encode()
        assert all(c.isalnum() or c in "-_" for c in token)
        assert QueueCursor.decode(token) == cursor


@pytest.mark.parametrize(
    "token", ["", "not-base64!", "W10", "eyJhIjoxfQ", "WzEsMiwiMjAyNi0wMy0wMlQxNzowMDowMCIsM10"]
)
def test_a_forged_or_broken_cursor_is_refused(token):
    """`W10` is `[]`, `eyJhIjoxfQ` an object, the last one a deadline without a time zone."""
    with pytest.raises(InvalidQueueRequest) as refused:
        QueueCursor.decode(token)
    assert refused.value.code == "cursor"


def test_a_page_is_one_query(agent, mixed_cases, django_assert_num_queries):
    first = queue_page(agent, filters=QueueFilters(), size=10)
    with django_assert_num_queries(1):
        page = queue_page(agent, filters=QueueFilters(), after=first.next_cursor)
        shown = [(c.organization.legal_name, c.assignee, c.team) for c in page.cases]
    assert len(shown) == 31
