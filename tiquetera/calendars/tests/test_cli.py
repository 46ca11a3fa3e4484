import json

import pytest
from django.core.management import CommandError, call_command

from tiquetera.testing.factories import CalendarFactory, PolicyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def jq_regular():
    return CalendarFactory(
        policy=PolicyFactory(slug="jq-systems", name="JQ Systems"), key="regular"
    )


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue().strip()


def test_add_prints_the_deadline():
    assert run("add", "regular", "2026-03-20T16:30", "24h") == "2026-03-27T11:30:00-05:00"


def test_add_accepts_minutes_and_a_full_reference():
    assert run("add", "jq-systems/regular", "2026-03-20T16:30", "1440") == (
        "2026-03-27T11:30:00-05:00"
    )


def test_between_as_json():
    result = json.loads(run("between", "regular", "2026-03-20T16:30", "2026-03-27T11:30", "--json"))
    assert result["minutes"] == 1440


def test_explain_says_why_in_spanish():
    text = run("explain", "regular", "2026-03-20T16:30", "24h")
    assert text.startswith("Vence el viernes 27 de marzo de 2026 a las 11:30 a. m.")
    assert "- el lunes 23 de marzo es festivo: Día de San José (trasladado)" in text


def test_explain_counts_weekends_in_one_line_and_names_every_holiday():
    """A 30-working-day deadline (JQ S1 resolution) reads as a few lines, not one per day off."""
    text = run("explain", "regular", "2026-03-20T16:30", "210h")
    assert text.startswith("Vence el jueves 7 de mayo de 2026 a las 4:30 p. m.")
    assert "- el viernes 3 de abril es festivo: Viernes Santo" in text
    assert "- 14 días no laborables no cuentan: sábados y domingos" in text
    assert "sábado" not in text.replace("sábados", "")


def test_list_as_json():
    assert json.loads(run("list", "--json"))[0]["ref"] == "jq-systems/regular"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "nope", "2026-03-20T16:30", "1"), "No hay un único calendario «nope»"),
        (("add", "regular", "ayer", "1"), "«ayer» no es una fecha y hora"),
        (("add", "regular", "2026-03-20T16:30", "mucho"), "«mucho» no es una duración"),
        (("between", "regular", "2026-03-20T16:30", "2026-03-19T16:30"), "anterior al inicio"),
    ],
)
def test_bad_input_gets_a_clear_error(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
