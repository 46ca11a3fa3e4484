"""The case catalogue is read once per policy revision, and every change makes a new one."""

import pytest

from tiquetera.policy.models import Policy
from tiquetera.tickets.catalogue import catalogue
from tiquetera.tickets.models import IntakeRule, Severity
from tiquetera.tickets.tests.intake_world import preset

pytestmark = pytest.mark.django_db


def test_the_catalogue_is_kept_until_something_in_it_changes(django_assert_num_queries):
    policy = preset("jq-systems")
    first = catalogue(policy.pk)

    with django_assert_num_queries(1):  # the revision only
        assert catalogue(policy.pk) is first
    assert set(first.severities) == {"S1", "S2", "S3"}
    assert first.desk is not None and first.desk.case_prefix == "JQ"


def test_saving_or_deleting_a_row_gives_the_policy_a_new_revision():
    policy = preset("jq-systems")
    before = catalogue(policy.pk)

    severity = Severity.objects.get(policy=policy, code="S1")
    severity.rank = 99
    severity.save()
    changed = catalogue(policy.pk)
    assert changed is not before and changed.severities["S1"].rank == 99

    IntakeRule.objects.filter(policy=policy, kind="scope").get().delete()
    without = catalogue(policy.pk)
    assert "scope" in [kind for _, kind, _ in changed.rules]
    assert "scope" not in [kind for _, kind, _ in without.rules]
    assert without is not changed


def test_a_calendar_change_gives_its_policy_a_new_revision():
    policy = preset("jq-systems")
    revision = Policy.objects.get(pk=policy.pk).revision

    policy.calendars.get(key="regular").touch()  # its dates changed

    assert Policy.objects.get(pk=policy.pk).revision != revision
