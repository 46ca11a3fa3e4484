"""Counts agree in number in Spanish (issue 17): "1 caso abierto", "1 usado", "1 respuesta" —
not "1 abiertos", "1 usados", "promedio 4,00 de 1 respuestas"; money reads "$ 1.500,00 MXN"."""

from decimal import Decimal

from django.utils import translation

from tiquetera.billing.templatetags.billing import money
from tiquetera.contracts.allowance_text import usable_text
from tiquetera.contracts.selectors import AllowanceLine
from tiquetera.reports.charts import open_cases_chart, satisfaction_chart
from tiquetera.reports.dashboards import AgeRow, SatisfactionMonth


def test_one_and_many_read_in_the_right_number():
    with translation.override("es"):
        one_open = open_cases_chart([AgeRow("S1", 1, 0, 0, 0)]).summary
        two_open = open_cases_chart([AgeRow("S1", 1, 1, 0, 0)]).summary
        one_answer = satisfaction_chart(SatisfactionMonth(4.0, [(4, 1)])).summary
        two_answers = satisfaction_chart(SatisfactionMonth(4.5, [(4, 1), (5, 1)])).summary
        one_used = usable_text("Prioridad 1", AllowanceLine("1", None, 1))
        two_used = usable_text("Prioridad 1", AllowanceLine("1", None, 2))
    assert (one_open, two_open) == ("1 caso abierto", "2 casos abiertos")
    assert one_answer == "promedio 4,00 en 1 respuesta"
    assert two_answers == "promedio 4,50 en 2 respuestas"
    assert (one_used, two_used) == (
        "Prioridad 1: sin tope (1 usado)",
        "Prioridad 1: sin tope (2 usados)",
    )


def test_money_reads_with_its_symbol_code_and_colombian_separators():
    with translation.override("es"):
        assert money(Decimal("1500"), "MXN") == "$\xa01.500,00 MXN"
        assert money(Decimal("-9"), "USD") == "-$\xa09,00 USD"
        assert money(Decimal("1234567.5"), "COP") == "$\xa01.234.567,50 COP"
    with translation.override("en"):
        assert money(Decimal("1500"), "EUR") == "€\xa01,500.00 EUR"
