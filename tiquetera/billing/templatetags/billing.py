"""`{{ amount|money:currency }}`: an amount with its currency, in the active language's format:
"$ 1.500,00 MXN" in Spanish, "$ 1,500.00 MXN" in English (the symbol, then the code that says
which dollar or peso)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from tiquetera.billing.money import MINOR_UNITS

register = template.Library()


SYMBOLS = {"EUR": "€", "GBP": "£", "BRL": "R$", "PEN": "S/", "GTQ": "Q", "CRC": "₡", "PAB": "B/."}
DOLLAR_SIGN = "$"  # the peso and dollar currencies of the Americas (COP, MXN, USD, CLP …)


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """1234567.5, "COP" -> "$ 1.234.567,50 COP" in Spanish, "$ 1,234,567.50 COP" in English;
    a negative amount has its sign before the symbol: "-$ 9,00 USD"."""
    if amount is None:
        return ""
    places = MINOR_UNITS.get(currency, 2)
    sign = "-" if amount < 0 else ""
    digits = number_format(abs(amount), places, use_l10n=True, force_grouping=True)
    symbol = SYMBOLS.get(currency, DOLLAR_SIGN)
    return f"{sign}{symbol}\xa0{digits} {currency}"


@register.filter
def percent(value: Decimal) -> str:
    """15.00 -> "15 %", 12.50 -> "12,5 %" (trailing zeros dropped)."""
    text = number_format(value.normalize(), use_l10n=True) if value else "0"
    return f"{text} %"
