from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value) -> str:
    """1234.00 → "1,234"; 12.50 → "12.5"; None → "" (templates say why a figure is missing)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
