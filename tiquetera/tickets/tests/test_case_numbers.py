"""Case numbers are readable and sequential: prefix, year, and a counter per policy that starts
again at 1 every year (TQ-2026-000001, TQ-2026-000002, …, TQ-2027-000001)."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from tiquetera.testing.factories import PolicyFactory
from tiquetera.tickets.models import CaseNumberSequence
from tiquetera.tickets.numbering import next_number
from tiquetera.tickets.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_numbers_are_sequential_within_a_policy_and_year():
    policy = PolicyFactory()

    numbers = [next_number(policy.pk, 2026) for _ in range(3)]

    assert numbers == ["TQ-2026-000001", "TQ-2026-000002", "TQ-2026-000003"]
    assert CaseNumberSequence.objects.get(policy=policy, year=2026).last == 3


def test_numbers_restart_each_year():
    policy = PolicyFactory()
    next_number(policy.pk, 2026)
    next_number(policy.pk, 2026)

    assert next_number(policy.pk, 2027) == "TQ-2027-000001"
    assert next_number(policy.pk, 2026) == "TQ-2026-000003"


def test_each_policy_counts_on_its_own():
    first, second = PolicyFactory(), PolicyFactory()
    next_number(first.pk, 2026)

    assert next_number(second.pk, 2026) == "TQ-2026-000001"
    assert next_number(first.pk, 2026) == "TQ-2026-000002"


def test_the_prefix_is_the_callers():
    policy = PolicyFactory()

    assert next_number(policy.pk, 2026, prefix="JQ") == "JQ-2026-000001"
    assert next_number(policy.pk, 2026) == "TQ-2026-000002"


def test_a_number_is_unique_within_its_policy():
    case = CaseFactory()

    with pytest.raises(IntegrityError):
        CaseFactory(organization=case.organization, number=case.number)


@pytest.mark.django_db(transaction=True)
def test_a_number_taken_outside_a_transaction_is_one_statement_on_postgresql():
    """The pipeline's reservation on PostgreSQL (issue 18): the UPDATE … RETURNING is its own
    transaction, committed without waiting for the disk, with no BEGIN, SET or COMMIT around it."""
    policy = PolicyFactory()
    next_number(policy.pk, 2026)  # the year's counter row
    setting = _synchronous_commit()

    with CaptureQueriesContext(connection) as captured:
        number = next_number(policy.pk, 2026)

    assert number == "TQ-2026-000002"
    statements = [q["sql"] for q in captured.captured_queries]
    if connection.vendor == "postgresql":
        assert len(statements) == 1 and "synchronous_commit" in statements[0], statements
        assert _synchronous_commit() == setting  # changed for that one transaction only


def _synchronous_commit() -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return str(cursor.fetchone()[0])
