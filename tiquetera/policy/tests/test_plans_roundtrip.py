"""dump → load → dump round-trips with plans: prices as exact text, caps as a table."""

import pytest

from tiquetera.policy.dump import dump_policy
from tiquetera.policy.models import Policy
from tiquetera.policy.schema import parse_policy

from .conftest import load_text
from .test_plans_load import EXAMPLE_WITH_PLANS, plan_snapshot

pytestmark = pytest.mark.django_db


def dump(slug: str = "acme") -> str:
    return dump_policy(Policy.objects.get(slug=slug))


def test_dump_load_dump_gives_the_same_text_with_plans():
    load_text(EXAMPLE_WITH_PLANS)
    first = dump()
    report = load_text(first)
    assert not report.changed
    assert dump() == first


def test_a_fresh_database_gets_the_same_plans_from_a_dump():
    load_text(EXAMPLE_WITH_PLANS)
    before = plan_snapshot()
    text = dump()
    Policy.objects.all().delete()
    load_text(text)
    assert plan_snapshot() == before


def test_the_dump_writes_money_as_text_and_caps_as_a_table():
    load_text(EXAMPLE_WITH_PLANS)
    text = dump()
    assert '\n[plans.oro]\nname = "Plan Oro"\n' in text
    assert 'price = "2450.00"\n' in text
    assert 'extra_ticket_price = "300.50"\n' in text
    assert 'hourly_rate = "90000.00"\n' in text
    assert 'extra_services_discount = "12.5"\n' in text
    assert "cloud_discount = 40\n" in text
    assert "\n[plans.oro.quotas]\nP1 = 6\nP2 = 5\nP3 = 4\n" in text
    assert text.index("[plans.horas]") < text.index("[plans.oro]")  # by key
    assert "when_exhausted" not in text.split("[plans.oro]")[1]  # defaults are left out


def test_the_dumped_plans_parse_to_the_loaded_values():
    load_text(EXAMPLE_WITH_PLANS)
    assert parse_policy(dump(), "dump").plans == parse_policy(EXAMPLE_WITH_PLANS, "x").plans
