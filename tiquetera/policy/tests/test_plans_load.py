"""Loading [plans.KEY]: upsert by key, only changed rows saved, removed plans deleted unless a
contract uses them."""

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tiquetera.contracts.models import Plan, PlanQuota
from tiquetera.contracts.tests.factories import ContractFactory
from tiquetera.policy.problems import PolicyFileError
from tiquetera.testing.factories import OrganizationFactory

from .conftest import EXAMPLE, PRESETS, load_text, snapshot
from .test_presets import load_preset

pytestmark = pytest.mark.django_db

# EXAMPLE plus two plans using most keys: caps per priority, prices, percentages, editions.
PLANS = """
[plans.oro]
name = "Plan Oro"
rank = 1
billing_period = "annual"
total_cap = 14
severities = ["P1", "P2", "P3"]
channels = ["portal", "email"]
onsite_visits_per_month = 1
extra_services_discount = "12.5"
price = "2450.00"
currency = "COP"
edition = "WEB"
cloud_edition = "WEB"
cloud_discount = 40
includes_new_features = true
extra_ticket_price = "300.50"

[plans.oro.quotas]
P1 = 6
P2 = 5
P3 = 4

[plans.horas]
name = "Por horas"
service_type = "contractual_hourly"
rank = 2
currency = "COP"
hourly_rate = "90000"
billing_fraction_minutes = 15
when_exhausted = "refuse"
"""
EXAMPLE_WITH_PLANS = EXAMPLE + PLANS


def plan_snapshot() -> dict[str, Any]:
    """Every plan and cap as plain values (no ids), to compare states."""
    fields = [f.name for f in Plan._meta.concrete_fields if f.name not in ("id", "policy")]
    return {
        "plans": list(Plan.objects.order_by("policy__slug", "key").values("policy__slug", *fields)),
        "quotas": list(
            PlanQuota.objects.order_by("plan__policy__slug", "plan__key", "priority").values(
                "plan__policy__slug", "plan__key", "priority", "cap"
            )
        ),
    }


WITHOUT_HORAS = EXAMPLE_WITH_PLANS[: EXAMPLE_WITH_PLANS.index("[plans.horas]")]


def test_the_first_load_creates_plans_and_caps_with_exact_money():
    report = load_text(EXAMPLE_WITH_PLANS)
    assert report.created == 7 + 2 + 3  # policy, calendars and dates; two plans; three caps
    oro = Plan.objects.get(key="oro")
    assert str(oro.price) == "2450.00"
    assert str(oro.extra_ticket_price) == "300.50"
    assert str(oro.extra_services_discount) == "12.50"
    assert (oro.tier_rank, oro.billing_period, oro.is_legacy) == (1, "annual", False)
    assert oro.covered_channels == ["portal", "email"]
    assert str(Plan.objects.get(key="horas").hourly_rate) == "90000.00"


def test_load_twice_changes_nothing():
    load_text(EXAMPLE_WITH_PLANS)
    before = plan_snapshot()
    report = load_text(EXAMPLE_WITH_PLANS)
    assert not report.changed
    assert report.unchanged == 7 + 2 + 3
    assert plan_snapshot() == before


@pytest.mark.parametrize("name", PRESETS)
def test_loading_a_preset_twice_changes_nothing(name):
    load_preset(name)
    before = plan_snapshot()
    load_preset(name)
    assert plan_snapshot() == before


def test_a_changed_cap_updates_that_row_only():
    load_text(EXAMPLE_WITH_PLANS)
    quota_ids = dict(PlanQuota.objects.values_list("priority", "id"))
    report = load_text(EXAMPLE_WITH_PLANS.replace("P2 = 5", "P2 = 3"))
    changed = [(c.action, c.ref, c.fields) for c in report.changes if c.action != "unchanged"]
    assert changed == [("updated", "acme/oro P2", ("cap",))]
    assert dict(PlanQuota.objects.values_list("priority", "id")) == quota_ids
    assert PlanQuota.objects.get(priority="P2").cap == 3


def test_a_changed_price_updates_the_plan_and_names_the_field():
    load_text(EXAMPLE_WITH_PLANS)
    report = load_text(EXAMPLE_WITH_PLANS.replace('price = "2450.00"', 'price = "2500"'))
    [change] = [c for c in report.changes if c.action != "unchanged"]
    assert (change.action, change.ref, change.fields) == ("updated", "acme/oro", ("price",))
    with translation.override("en"):
        assert change.text() == "Updated: plan acme/oro (price)"


def test_plans_and_caps_no_longer_in_the_file_are_deleted():
    load_text(EXAMPLE_WITH_PLANS)
    report = load_text(WITHOUT_HORAS.replace("P3 = 4\n", ""))
    deleted = sorted(c.ref for c in report.changes if c.action == "deleted")
    assert deleted == ["acme/horas", "acme/oro P3"]
    assert list(Plan.objects.values_list("key", flat=True)) == ["oro"]
    assert dict(PlanQuota.objects.values_list("priority", "cap")) == {"P1": 6, "P2": 5}


def test_a_plan_a_contract_uses_cannot_be_removed_and_nothing_changes():
    load_text(EXAMPLE_WITH_PLANS)
    horas = Plan.objects.get(key="horas")
    ContractFactory(plan=horas, organization=OrganizationFactory(policy=horas.policy))
    before = snapshot(), plan_snapshot()
    changed = WITHOUT_HORAS.replace('name = "Horario regular"', 'name = "Otro nombre"')
    with translation.override("en"), pytest.raises(PolicyFileError) as error:
        load_text(changed, source="acme.toml")
    assert error.value.lines() == [
        "acme.toml: plans.horas: The plan “horas” is not in the file, but 1 contract uses it, "
        "so it cannot be removed. Keep it in the file with legacy = true: it then takes no new "
        "contracts, and its contracts run until they end."
    ]
    assert (snapshot(), plan_snapshot()) == before


def test_legacy_keeps_a_plan_in_use_and_sells_it_no_more():
    load_text(EXAMPLE_WITH_PLANS)
    horas = Plan.objects.get(key="horas")
    ContractFactory(plan=horas, organization=OrganizationFactory(policy=horas.policy))
    legacy = EXAMPLE_WITH_PLANS.replace('name = "Por horas"', 'name = "Por horas"\nlegacy = true')
    report = load_text(legacy)
    [change] = [c for c in report.changes if c.action != "unchanged"]
    assert (change.action, change.ref, change.fields) == ("updated", "acme/horas", ("is_legacy",))
    assert Plan.objects.get(key="horas").is_legacy


def test_another_policy_plans_are_left_alone():
    load_text(EXAMPLE_WITH_PLANS)
    other = EXAMPLE_WITH_PLANS.replace('slug = "acme"', 'slug = "otra"')
    load_text(other)
    load_text(other.replace(PLANS, ""))
    assert sorted(Plan.objects.values_list("policy__slug", "key")) == [
        ("acme", "horas"),
        ("acme", "oro"),
    ]


def test_the_load_command_refuses_removing_a_plan_in_use_without_a_traceback(write, capsys):
    load_text(EXAMPLE_WITH_PLANS)
    horas = Plan.objects.get(key="horas")
    ContractFactory(plan=horas, organization=OrganizationFactory(policy=horas.policy))
    path = write(WITHOUT_HORAS)
    with pytest.raises(CommandError, match=r"Nothing was loaded|No se cargó nada"):
        call_command("policy", "load", path)
    assert "plans.horas" in capsys.readouterr().err
    assert Plan.objects.filter(key="horas").exists()
