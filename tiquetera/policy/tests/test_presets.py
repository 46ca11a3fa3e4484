"""The five reference policies ship as presets; each checks, loads, and keeps its seed's hours."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tiquetera.calendars.models import Calendar
from tiquetera.calendars.services import engine_for
from tiquetera.policy.schema import preset_names, read_policy
from tiquetera.policy.services import load_policy

from .conftest import PRESETS

BOGOTA = ZoneInfo("America/Bogota")


def load_preset(name: str) -> None:
    policy_file = read_policy(name)
    load_policy(policy_file.document, source=policy_file.source)


def calendar(ref: str) -> Calendar:
    slug, key = ref.split("/")
    return Calendar.objects.get(policy__slug=slug, key=key)


def test_presets_are_the_five_reference_policies():
    assert preset_names() == PRESETS


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_checks(name):
    policy_file = read_policy(name)
    assert policy_file.document.policy.slug == name
    assert policy_file.source == f"preset:{name}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_loads(name):
    policy_file = read_policy(name)
    report = load_policy(policy_file.document, source=policy_file.source)
    assert report.policy.slug == name
    plans = policy_file.document.plans
    quotas = sum(len(plan.quotas) for plan in plans.values())
    document = policy_file.document
    cases = (
        1  # [desk]: every preset sets its case prefix
        + len(document.severities)
        + len(document.fields)
        + len(document.case_types)
        + len(document.scope)
        + len(document.intake)
    )
    sla = (0 if document.sla.settings_are_defaults() else 1) + len(document.sla.targets)
    services = len(document.services)
    rules = document.assignment
    assignment = (
        (0 if rules.auto == "least_loaded" and not rules.shift else 1)
        + len(rules.teams)
        + len(rules.agents)
        + len(rules.on_call)
    )
    expected = 1 + len(document.calendars) + len(plans) + quotas + services + cases + sla
    expected += assignment
    assert report.created == expected
    assert set(Calendar.objects.filter(policy__slug=name).values_list("key", flat=True)) == set(
        policy_file.document.calendars
    )
    assert Calendar.objects.filter(policy__slug=name, is_default=True).count() == 1


@pytest.mark.django_db
def test_jq_regular_calendar_gives_the_seed_deadline():
    """seeds/002_340504d33eeb239b.txt: regular hours Mon–Fri 09:00–13:00 and 14:00–17:00;
    24 business hours from Friday 16:30 skip the weekend and Monday 23 March (San José, moved
    to Monday in Colombia) and end on Friday 27 March at 11:30."""
    load_preset("jq-systems")
    start = dt.datetime(2026, 3, 20, 16, 30, tzinfo=BOGOTA)
    deadline = engine_for(calendar("jq-systems/regular")).add(start, 24 * 60)
    assert deadline == dt.datetime(2026, 3, 27, 11, 30, tzinfo=BOGOTA)


@pytest.mark.django_db
def test_jq_extended_calendar_works_saturdays_but_not_holidays():
    """seeds/002_340504d33eeb239b.txt: "Horario extendido: Lunes a sábado de 08:00 a 20:00";
    "No se atenderá ningún caso los ... festivos"."""
    load_preset("jq-systems")
    engine = engine_for(calendar("jq-systems/extended"))
    assert engine.is_open(dt.datetime(2026, 3, 21, 19, 0, tzinfo=BOGOTA))  # Saturday
    assert not engine.is_open(dt.datetime(2026, 3, 22, 10, 0, tzinfo=BOGOTA))  # Sunday
    assert not engine.is_open(dt.datetime(2026, 3, 23, 10, 0, tzinfo=BOGOTA))  # San José


@pytest.mark.django_db
def test_isys_covers_five_by_eight_minus_holidays():
    """seeds/000_5eab8bc32e3debb2.txt: "cobertura 5 x 8 ... Lunes a Viernes excluyendo los
    festivos. En horario de 8:00 a.m. - 5:00 p.m."."""
    load_preset("isys")
    engine = engine_for(calendar("isys/standard"))
    friday = dt.datetime(2026, 3, 20, 8, 0, tzinfo=BOGOTA)
    assert engine.between(friday, friday + dt.timedelta(hours=9)) == dt.timedelta(hours=9)
    assert not engine.is_open(dt.datetime(2026, 3, 23, 10, 0, tzinfo=BOGOTA))  # San José


@pytest.mark.django_db
def test_customsoft_splits_the_day_and_closes_mexican_holidays():
    """seeds/001_a420c0afa0bc6e18.txt: "de lunes a viernes 9:00am a 1:00 pm y de 3:00 pm a
    6:00 pm (excepto días festivos)"."""
    load_preset("customsoft")
    engine = engine_for(calendar("customsoft/regular"))
    mexico = ZoneInfo("America/Mexico_City")
    assert engine.is_open(dt.datetime(2026, 3, 20, 12, 59, tzinfo=mexico))
    assert not engine.is_open(dt.datetime(2026, 3, 20, 14, 0, tzinfo=mexico))  # the break
    assert not engine.is_open(dt.datetime(2026, 2, 2, 10, 0, tzinfo=mexico))  # Constitución


@pytest.mark.django_db
def test_sisnova_assumed_hours_run_in_panama():
    """seeds/003_806de44c075e3486.txt gives no hours: the preset assumes Mon–Fri 08:00–17:00
    in Panama, with its national holidays (Independence Day, 3 November)."""
    load_preset("sisnova")
    engine = engine_for(calendar("sisnova/regular"))
    panama = ZoneInfo("America/Panama")
    assert engine.is_open(dt.datetime(2026, 3, 20, 8, 0, tzinfo=panama))
    assert not engine.is_open(dt.datetime(2026, 11, 3, 10, 0, tzinfo=panama))


@pytest.mark.django_db
def test_soho_priority_calendar_works_weekends_and_holidays():
    """seeds/004_c5168ccd74ab8109.txt: "Lunes a viernes en jornada continua de 8:00 a.m. a
    6:00 p.m. Los fines de semana y festivos: solo ... soporte prioritario"."""
    load_preset("soho-apps")
    regular = engine_for(calendar("soho-apps/regular"))
    priority = engine_for(calendar("soho-apps/priority"))
    noon = dt.datetime(2026, 3, 20, 12, 0, tzinfo=BOGOTA)  # continuous: no lunch break
    assert regular.is_open(noon)
    for day in (dt.date(2026, 3, 21), dt.date(2026, 3, 23)):  # a Saturday, San José
        moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=BOGOTA)
        assert not regular.is_open(moment)
        assert priority.is_open(moment)
