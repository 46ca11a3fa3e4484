"""Case numbers are readable and sequential: prefix, year, and a counter per policy that starts
again at 1 every year (TQ-2026-000001, TQ-2026-000002, …, TQ-2027-000001)."""

import pytest
from django.db import IntegrityError

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
