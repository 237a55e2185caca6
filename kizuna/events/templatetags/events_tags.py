"""Times in the venue's zone and in JST, formatted here: Django's `date` filter would convert them back to
the site's zone."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kizuna.core.timezones import zone_label

from ..models import JST

register = template.Library()


@register.filter
def venue_time(event, moment) -> str:
    return event.in_venue_zone(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@register.filter
def jst(moment) -> str:
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M") if moment else ""


@register.simple_tag
def when(event, moment):
    """The time in the venue's zone, and in JST beside it when the venue is elsewhere (one tag per row: the
    list renders many)."""
    if not moment:
        return ""
    if event.shows_two_zones:
        return format_html('<time datetime="{}">{}</time> {} / {} {}', moment.isoformat(),
                           venue_time(event, moment), zone_label(event.venue_timezone, moment), jst(moment), _("JST"))
    return format_html('<time datetime="{}">{}</time> {}', moment.isoformat(), jst(moment), _("JST"))
