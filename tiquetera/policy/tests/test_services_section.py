"""[services.KEY]: the catalogue of extra services (seed 001, CustomSoft: "Descuento en servicios
adicionales del catálogo de servicios"), checked with file:line errors, loaded by key, removed
unless a quote names it, and dumped back to the same text."""

from decimal import Decimal

import pytest

from tiquetera.billing.models import ExtraService, Quote
from tiquetera.billing.quotes import quote_work
from tiquetera.policy.dump import dump_policy
from tiquetera.policy.problems import PolicyFileError
from tiquetera.policy.schema import parse_policy
from tiquetera.testing.factories import OrganizationFactory

from .conftest import EXAMPLE, load_text, problems

SERVICES = """
[services.desarrollo]
name = "Desarrollo a la medida"
price = "850.00"
currency = "MXN"

[services.equipo]
name = "Equipo"
unit = "unit"
price = "12000.00"
currency = "MXN"
discounted = false
"""
WITH_SERVICES = EXAMPLE + SERVICES


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_the_catalogue_checks():
    assert set(parse_policy(WITH_SERVICES, "acme.toml").services) == {"desarrollo", "equipo"}


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        (
            'price = "850.00"',
            "price = 850",
            "services.desarrollo.price",
            "Write the amount in quotes",
        ),
        (
            'unit = "unit"',
            'unit = "box"',
            "services.equipo.unit",
            "“box” is not one of hour, event",
        ),
        (
            'currency = "MXN"\n\n[services.equipo]',
            'currency = "EUR"\n\n[services.equipo]',
            "services.desarrollo.currency",
            "“EUR” is not a supported currency",
        ),
        ("discounted = false", "discount = false", "services.equipo.discount", "Unknown key"),
    ],
)
def test_errors_name_the_file_the_line_and_the_path(old, new, path, words):
    text = WITH_SERVICES.replace(old, new, 1)
    assert text != WITH_SERVICES
    [problem] = problems(text)
    assert problem.startswith(f"acme.toml:{line_of(WITH_SERVICES, old)}: {path}: "), problem
    assert words in problem


@pytest.mark.django_db
def test_the_catalogue_loads_by_key_and_a_second_load_changes_nothing():
    report = load_text(WITH_SERVICES)
    rows = {
        s.key: (s.name, s.unit, s.price, s.currency, s.discounted)
        for s in ExtraService.objects.all()
    }
    assert rows == {
        "desarrollo": ("Desarrollo a la medida", "hour", Decimal("850.00"), "MXN", True),
        "equipo": ("Equipo", "unit", Decimal("12000.00"), "MXN", False),
    }
    assert report.created >= 2
    assert not load_text(WITH_SERVICES).changed


@pytest.mark.django_db
def test_dump_then_load_gives_the_same_text():
    report = load_text(WITH_SERVICES)
    text = dump_policy(report.policy)
    assert "[services.desarrollo]" in text and 'price = "850.00"' in text
    assert dump_policy(load_text(text).policy) == text


@pytest.mark.django_db
def test_a_service_a_quote_names_cannot_be_removed():
    policy = load_text(WITH_SERVICES).policy
    organization = OrganizationFactory(policy=policy)
    quote_work(organization, actor=None, service_key="desarrollo", quantity=1)
    with pytest.raises(PolicyFileError) as refused:
        load_text(EXAMPLE + SERVICES.split("[services.equipo]")[0])  # drops "equipo" only: fine
        load_text(EXAMPLE)  # drops "desarrollo", which the quote names
    assert "desarrollo" in "\n".join(refused.value.lines())
    assert ExtraService.objects.filter(key="desarrollo").exists()
    assert Quote.objects.count() == 1
