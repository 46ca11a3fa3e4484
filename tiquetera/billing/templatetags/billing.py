"""`{{ amount|money:currency }}`: an amount with its currency, in the active language's format."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from tiquetera.billing.money import MINOR_UNITS

register = template.Library()


@register.filter
def money(amount: Decimal | None, currency: str) -> str:
    """1234567.5, "COP" -> "1.234.567,50 COP" in Spanish, "1,234,567.50 COP" in English."""
    if amount is None:
        return ""
    places = MINOR_UNITS.get(currency, 2)
    return f"{number_format(amount, places, use_l10n=True, force_grouping=True)} {currency}"


@register.filter
def percent(value: Decimal) -> str:
    """15.00 -> "15 %", 12.50 -> "12,5 %" (trailing zeros dropped)."""
    text = number_format(value.normalize(), use_l10n=True) if value else "0"
    return f"{text} %"
