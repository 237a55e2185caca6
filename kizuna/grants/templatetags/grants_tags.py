from django import template

register = template.Library()


@register.filter
def yen(value) -> str:
    """Integer yen with thousands separators: 1,200,000 (empty for None)."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}"
