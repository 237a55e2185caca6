from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


@register.filter
def figure(value) -> str:
    """1234.00 → "1,234"; 12.50 → "12.5"; None → "" (templates say why a figure is missing)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


TREND_WIDTH, TREND_HEIGHT, TREND_BAR = 56, 20, 10


@register.simple_tag
def quarter_trend(row, labelled: bool = False):
    """Q1–Q4 of a KPI as four small bars (a server-drawn SVG), scaled to the largest quarter. Where the figures
    are in the same row of the table the picture is decorative and hidden from screen readers; `labelled` (a table
    without the quarters' columns) names it with the figures instead ("Q1 12, Q2 30, Q3 none, Q4 none")."""
    values = [row.quarters[q].value for q in sorted(row.quarters)]
    if not any(v for v in values if v is not None):
        return ""
    if labelled:
        none = pgettext("quarter figure", "none")
        label = ", ".join(f"Q{q} {figure(row.quarters[q].value) or none}" for q in sorted(row.quarters))
        name = format_html('role="img" aria-label="{}"', _("By quarter: {figures}").format(figures=label))
    else:
        name = mark_safe('aria-hidden="true"')  # a constant
    top = max(Decimal(v) for v in values if v is not None) or Decimal(1)
    step = TREND_WIDTH // max(len(values), 1)
    bars = []
    for i, value in enumerate(values):
        height = 0 if value is None else max(1, round(float(Decimal(value) / top) * (TREND_HEIGHT - 1)))
        bars.append((i * step, TREND_HEIGHT - height, TREND_BAR, height, "" if value is not None else " empty"))
    return format_html(
        '<svg class="trend" width="{}" height="{}" viewBox="0 0 {} {}" {} focusable="false">'
        '<line x1="0" y1="{}" x2="{}" y2="{}"/>{}</svg>', TREND_WIDTH, TREND_HEIGHT, TREND_WIDTH, TREND_HEIGHT, name,
        TREND_HEIGHT - 0.5, TREND_WIDTH, TREND_HEIGHT - 0.5,
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" class="bar{}"/>', bars))
