"""SLA targets an administrator can read (issue 17): listed in the admin in business days and
hours, editable inside the policy, and shown on the pages of the calendars and plans they use;
a plan's coverage chosen from checkboxes, not typed as JSON."""

import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.contracts.models import Plan
from tiquetera.policy.schema import read_policy
from tiquetera.policy.services import load_policy
from tiquetera.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    policy_file = read_policy("jq-systems")
    return load_policy(policy_file.document, source=policy_file.source).policy


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="jefa", is_staff=True, is_superuser=True))
    return client


def test_the_targets_list_reads_in_business_days_and_hours(admin_client, policy):
    page = admin_client.get("/admin/sla/slatarget/").content.decode()
    assert "30 días hábiles (210 h)" in page  # JQ's S1 resolution, 7-hour days
    assert "1 h" in page  # S3's assignment within its hour
    assert "minutos hábiles" not in page


def test_the_policy_the_calendar_and_the_plan_show_their_targets(admin_client, policy):
    page = admin_client.get(f"/admin/policy/policy/{policy.pk}/change/").content.decode()
    assert "objetivos de ans" in page.lower() and "3 días hábiles y 3 h (24 h)" in page
    regular = Calendar.objects.get(policy=policy, key="regular")
    page = admin_client.get(f"/admin/calendars/calendar/{regular.pk}/change/").content.decode()
    assert "Objetivos de ANS en este calendario" in page and "30 días hábiles (210 h)" in page
    plan = Plan.objects.filter(policy=policy).first()
    page = admin_client.get(f"/admin/contracts/plan/{plan.pk}/change/").content.decode()
    assert "Objetivos de ANS de este plan" in page and "solución" in page


def test_a_plans_coverage_is_checkboxes_of_the_policys_severities_and_the_channels(
    admin_client, policy
):
    plan = Plan.objects.filter(policy=policy).first()
    page = admin_client.get(f"/admin/contracts/plan/{plan.pk}/change/").content.decode()
    assert 'type="checkbox" name="covered_severities" value="S1"' in page
    assert 'type="checkbox" name="covered_channels" value="whatsapp"' in page
    assert "S1 · " in page and "correo electrónico" in page
    assert '["S1"' not in page  # no JSON to type
