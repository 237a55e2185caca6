"""Template tags of the page patterns (docs/ui-patterns.md)."""

import functools
import html

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..cache import RenderCache
from ..countries import country_name
from ..timezones import zone_label
from ..ui import tone_of

register = template.Library()


@functools.lru_cache(maxsize=512)
def _choice_labels(model: type, field: str, language: str) -> dict | None:
    """The labels of a model field's choices in one language, or None when the model words them itself (its
    own `get_<field>_display`). Django's `get_<field>_display` rebuilds the choices' dict on every call, which
    was a quarter of a 50-row list's time."""
    for klass in model.__mro__:
        if f"get_{field}_display" in vars(klass):
            if not isinstance(vars(klass)[f"get_{field}_display"], functools.partialmethod):
                return None
            break
    try:
        choices = model._meta.get_field(field).flatchoices
    except FieldDoesNotExist:
        return None
    return {value: str(label) for value, label in choices}


@register.simple_tag
def status_tag(obj, field: str = "status"):
    """The state of a record as a tag: colour and words (`get_<field>_display`)."""
    value = getattr(obj, field, "")
    if hasattr(obj, "_meta"):
        found = _state_tag(type(obj), field, value, get_language() or "")
        if found is not None:
            return found
    display = getattr(obj, f"get_{field}_display", None)
    label = display() if callable(display) else value
    return _tag_html(value, obj._meta.label, label)


def state_tag(model: type, value, field: str = "status"):
    """`status_tag` for a row read as values: the state `value` of `model`'s `field`."""
    return _state_tag(model, field, value, get_language() or "")


@functools.lru_cache(maxsize=2048)
def _state_tag(model: type, field: str, value, language: str):
    """A state's tag in one language, written once (a list's 50 rows hold a handful of states); None when the
    model words its states itself."""
    labels = _choice_labels(model, field, language)
    return None if labels is None else _tag_html(value, model._meta.label, labels.get(value, value))


def _tag_html(value, model_label: str, label):
    return format_html('<span class="tag tag--{}" data-state="{}">{}</span>', tone_of(str(value), model_label),
                       value, label)


@register.filter
def choice(obj, field: str) -> str:
    """A field's value in words, in the page's language: `{{ p|choice:"position" }}` — for the columns of long
    lists, where `get_<field>_display` rebuilds its choices for every row."""
    value = getattr(obj, field, "")
    labels = _choice_labels(type(obj), field, get_language() or "") if hasattr(obj, "_meta") else None
    if labels is None:
        display = getattr(obj, f"get_{field}_display", None)
        return display() if callable(display) else value
    return labels.get(value, value)


def esc(value) -> str:
    """`django.utils.html.escape` for the rows of long lists (the same five characters escaped), as a plain
    string for an f-string: without Django's wrapper for lazy strings it is five times faster, a millisecond on a
    100-row table."""
    return html.escape(str(value))


@register.simple_tag
def tag(label, tone="neutral"):
    """A tag with words and a tone (neutral, info, success, warning, danger, muted)."""
    return format_html('<span class="tag tag--{}">{}</span>', tone, label)


@register.filter
def number(value) -> str:
    """A whole number with thousands separators: 1,200,000 (empty for None). Use it for every count and amount."""
    if value in (None, ""):
        return ""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return str(value)


@register.filter
def yen(value) -> str:
    """An amount of money: ¥1,200,000 (empty for None)."""
    shown = number(value)
    return f"¥{shown}" if shown else ""


@register.filter
def country(code) -> str:
    """A country's name in the page's language from its ISO code (US → アメリカ合衆国); empty for none."""
    return country_name(code) if code else ""


@register.filter
def zone(name, moment=None) -> str:
    """A time zone as people name it, with its offset at `moment` (now when none): America/New_York →
    ニューヨーク時間（UTC−5）."""
    return zone_label(name, moment)


# The main menu as visitors without an account see it: the same for all of them on a kind of page (its app and
# URL name mark the current item), kept per language in each process. Signed-in people's menus follow their
# permissions and are rendered each time.
_anonymous_menus = RenderCache("site-menu", ttl=None, max_entries=500)


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The main menu's items (templates/_site_menu.html) in the page's own context."""
    menu = get_template("_site_menu.html").template
    request = context.get("request")
    if request is None or request.user.is_authenticated:
        return mark_safe(menu.render(context))  # our own autoescaping template
    match = request.resolver_match
    parts = [get_language(), match.app_name if match else "", match.url_name if match else ""]
    return _anonymous_menus.get_or_render(parts, lambda: menu.render(context))
