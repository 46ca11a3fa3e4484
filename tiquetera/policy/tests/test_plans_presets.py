"""The five presets ship their plans, as the seeds write them (seed lines cited in the files)."""

from decimal import Decimal

import pytest

from tiquetera.contracts.models import Plan
from tiquetera.policy.schema import read_policy

from .conftest import PRESETS
from .test_presets import load_preset

pytestmark = pytest.mark.django_db


def plan(ref: str) -> Plan:
    slug, key = ref.split("/")
    return Plan.objects.get(policy__slug=slug, key=key)


def caps(ref: str) -> dict[str, int]:
    return dict(plan(ref).quotas.values_list("priority", "cap"))


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads_its_plans_and_each_passes_the_model_checks(name):
    load_preset(name)
    keys = set(read_policy(name).document.plans)
    assert keys
    assert set(Plan.objects.filter(policy__slug=name).values_list("key", flat=True)) == keys
    for row in Plan.objects.filter(policy__slug=name):
        row.full_clean()  # the file's checks are at least as strict as the model's


def test_customsoft_intermedia_has_total_14_and_priority_caps_6_5_4():
    """seeds/001_a420c0afa0bc6e18.txt: "Hasta 14 eventos" but "Prioridad 1: 6 tickets.
    Prioridad 2: 5 tickets. Prioridad 3: Hasta 4 tickets." (6 + 5 + 4 = 15): both caps apply."""
    load_preset("customsoft")
    intermedia = plan("customsoft/intermedia")
    assert intermedia.total_cap == 14
    assert caps("customsoft/intermedia") == {"P1": 6, "P2": 5, "P3": 4}
    assert intermedia.extra_services_discount == Decimal(15)
    assert intermedia.onsite_visits_per_month == 1
    assert intermedia.currency == "MXN"


def test_customsoft_basica_and_avanzada_as_the_seed_lists_them():
    """seeds/001_a420c0afa0bc6e18.txt: Básica 8 events (P1 5, P2 2, P3 1), 10 % off extra
    services; Avanzada 20 (P1 10, P2 5, P3 5), 15 %; P4 and P5 "N/A"."""
    load_preset("customsoft")
    assert (plan("customsoft/basica").total_cap, caps("customsoft/basica")) == (
        8,
        {"P1": 5, "P2": 2, "P3": 1},
    )
    assert plan("customsoft/basica").extra_services_discount == Decimal(10)
    assert (plan("customsoft/avanzada").total_cap, caps("customsoft/avanzada")) == (
        20,
        {"P1": 10, "P2": 5, "P3": 5},
    )
    assert plan("customsoft/avanzada").extra_services_discount == Decimal(15)


def test_jq_subscriptions_take_any_severity_before_contractual_s3_by_the_quarter_hour():
    """seeds/002_340504d33eeb239b.txt: subscription levels 1–4, any severity, served before
    contractual; contractual "por hora o fracción", S3 only."""
    load_preset("jq-systems")
    levels = Plan.objects.filter(policy__slug="jq-systems", service_type="subscription")
    assert sorted(levels.values_list("key", flat=True)) == [
        f"suscripcion-{level}" for level in range(1, 5)
    ]
    contractual = plan("jq-systems/contractual")
    assert contractual.service_type == Plan.ServiceType.CONTRACTUAL_HOURLY
    assert contractual.covered_severities == ["S3"]
    assert contractual.billing_fraction_minutes == 15
    for level in levels:
        assert level.covered_severities == ["S1", "S2", "S3"]
        assert level.tier_rank < contractual.tier_rank


def test_sisnova_has_a_monthly_plan_per_edition_and_40_percent_off_in_the_cloud():
    """seeds/003_806de44c075e3486.txt: plans for INVEX LOCAL and INVEX WEB; tickets expire
    monthly; extra tickets; 40 % discount for WEB clients in the cloud."""
    load_preset("sisnova")
    local, web = plan("sisnova/local-mensual"), plan("sisnova/web-mensual")
    assert (local.edition, web.edition) == ("LOCAL", "WEB")
    assert (web.cloud_edition, web.cloud_discount) == ("WEB", Decimal(40))
    for row in (local, web):
        assert row.quota_period == row.billing_period == "monthly"
        assert row.when_exhausted == Plan.WhenExhausted.EXTRA_ON_REQUEST  # the client buys
        assert (row.includes_bug_fixes, row.includes_new_features) == (True, False)


def test_isys_per_event_service_includes_nothing_and_waits_for_a_purchase_order():
    """seeds/000_5eab8bc32e3debb2.txt: "soporte por evento ... requiere que el cliente envié
    una orden de compra, cada vez que requiera un servicio"."""
    load_preset("isys")
    per_event = plan("isys/por-evento")
    assert per_event.service_type == Plan.ServiceType.PER_EVENT
    assert per_event.total_cap == 0
    assert per_event.when_exhausted == Plan.WhenExhausted.PER_EVENT_PO
    assert plan("isys/soporte-actualizaciones").tier_rank < per_event.tier_rank


def test_soho_has_its_support_plan():
    """seeds/004_c5168ccd74ab8109.txt: one support service for the SOHO applications."""
    load_preset("soho-apps")
    assert list(Plan.objects.filter(policy__slug="soho-apps").values_list("key", flat=True)) == [
        "soporte"
    ]
