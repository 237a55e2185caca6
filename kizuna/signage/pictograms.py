"""A pictogram for each category of the phrase bank, so that a sign is understood before it is read.

Kizuna's own simple symbols, drawn here on a 24 × 24 grid in black (not the JIS Z 8210 set, whose drawings are
not ours to copy). Each is the inner markup of an <svg viewBox="0 0 24 24">: the page preview and the printed
sign (WeasyPrint draws inline SVG as vectors) use the same drawing."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

_STROKE = 'fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"'

DRAWINGS = {
    # a house with a crack through it
    "earthquake": '<path d="M2.5 11.5 12 3l9.5 8.5V21h-19Z"/><path d="M12.5 8.5l-2.5 4 3 2.2-2.4 4.8" '
                  'fill="none" stroke="#fff" stroke-width="1.8"/>',
    # two waves
    "tsunami-flood": f'<path {_STROKE} d="M2 9c2.5-3 5-3 7.5 0s5 3 7.5 0 3.5-2.5 5 0M2 16c2.5-3 5-3 7.5 0s5 3 7.5 '
                     f'0 3.5-2.5 5 0"/>',
    # a flame
    "fire": '<path d="M12 1.5c.8 4 6.5 6.2 6.5 12.3a6.5 6.5 0 0 1-13 0c0-3.2 1.8-5.3 3-7.3.2 3 1.2 4.3 2.4 4.4'
            '-.4-3.6-.2-6.5 1.1-9.4Z"/>',
    # a lightning bolt (electricity and the other lifelines)
    "lifelines": '<path d="M13.5 1.5 4 13.5h6.5L8.5 22.5l10-13H12l1.5-8Z"/>',
    # a bus
    "transport": '<path d="M5 2.5h14a2 2 0 0 1 2 2V18H3V4.5a2 2 0 0 1 2-2Z"/><path d="M5.5 5h13v6h-13Z" fill="#fff"/>'
                 '<circle cx="7" cy="20" r="2"/><circle cx="17" cy="20" r="2"/>',
    # an arrow out of a door
    "evacuation": f'<path {_STROKE} d="M9 3H4v18h5"/><path d="M8 10.5h8V6l7 6-7 6v-4.5H8Z"/>',
    # an arrow to follow
    "guidance": '<path d="M2.5 9.5h11V4l8.5 8-8.5 8v-5.5h-11Z"/>',
    # a check mark in a circle
    "safety": f'<circle cx="12" cy="12" r="10" {_STROKE}/><path {_STROKE} d="m7 12.5 3.3 3.3L17 9"/>',
    # a desk with a person behind it
    "reception": '<circle cx="12" cy="5.5" r="3.2"/><path d="M6 14a6 5 0 0 1 12 0Z"/><path d="M2 14.5h20v3H2Z"/>'
                 '<path d="M4 17.5h2.5V22H4ZM17.5 17.5H20V22h-2.5Z"/>',
    # an exclamation mark in a triangle
    "rules": '<path d="M12 1.8 23 21.5H1Z"/><path d="M10.7 8h2.6l-.5 7.3h-1.6ZM10.8 16.8h2.4v2.4h-2.4Z" fill="#fff"/>',
    # a bowl and chopsticks
    "food": '<path d="M2 11.5h20a10 8 0 0 1-20 0Z"/><path d="m12.5 10 4.5-8.5 1.5.8-4 7.7ZM16 10l5-7.5 1.4 1L18 10Z"/>',
    # a drop of water
    "water": '<path d="M12 1.5S4.5 10.2 4.5 15a7.5 7.5 0 0 0 15 0C19.5 10.2 12 1.5 12 1.5Z"/>',
    # a cross
    "medical": '<path d="M8.5 2.5h7v6h6v7h-6v6h-7v-6h-6v-7h6Z"/>',
    # an i in a circle
    "information": '<circle cx="12" cy="12" r="10.5"/><path d="M10.5 5h3v3h-3ZM10.5 10h3v9h-3Z" fill="#fff"/>',
    # a box
    "supplies": '<path d="M12 1.8 22 6.5v11L12 22.2 2 17.5v-11Z"/><path d="M2.8 7 12 11.5 21.2 7M12 11.5v10" '
                'fill="none" stroke="#fff" stroke-width="1.5"/>',
    # a hand under a drop
    "hygiene": '<path d="M12 1.5S8 6 8 8.4a4 4 0 0 0 8 0C16 6 12 1.5 12 1.5Z"/><path d="M2 15.5h6l3 2h5a1.5 1.5 0 0'
               ' 1 0 3H8.5L2 19Z"/><path d="M15.5 17.5l4.2-2a1.5 1.5 0 0 1 1.6 2.5L16 21"/>',
    # a heart
    "care": '<path d="M12 21.5S2 15 2 8.5A5 5 0 0 1 12 6a5 5 0 0 1 10 2.5c0 6.5-10 13-10 13Z"/>',
    # a form with lines
    "procedures": '<path d="M4.5 1.5h11l4 4v17h-15Z"/><path d="M7.5 9h9M7.5 13h9M7.5 17h6" fill="none" '
                  'stroke="#fff" stroke-width="1.8"/>',
    # a building with a door
    "facilities": '<path d="M3 9.5 12 3l9 6.5V22H3Z"/><path d="M10 14.5h4V22h-4Z" fill="#fff"/>',
    # a notice board on its stand
    "notices": '<path d="M2 3h20v13H2Z"/><path d="M5 6.5h14M5 10h14M5 13h9" fill="none" stroke="#fff" '
               'stroke-width="1.6"/><path d="M6 16h2.5v6H6ZM15.5 16H18v6h-2.5Z"/>',
    # a man and a woman (toilets)
    "toilet": '<circle cx="6.5" cy="4" r="2.3"/><path d="M4 7.5h5v7H8v7.5H5v-7.5H4Z"/><circle cx="17.5" cy="4" '
              'r="2.3"/><path d="M15.5 7.5h4l2.5 8h-2.5V22h-4v-6.5H13Z"/><path d="M12 2v20" fill="none" '
              'stroke="#000" stroke-width="1"/>',
    # a bar across a circle
    "no-entry": '<circle cx="12" cy="12" r="10.5"/><path d="M5.5 10.3h13v3.4h-13Z" fill="#fff"/>',
}

# Messages whose own symbol says more than their category's.
MESSAGES = {"toilet": "toilet", "toilet-men": "toilet", "toilet-women": "toilet", "water-station": "water",
            "medical-room": "medical", "information-desk": "information", "reception-desk": "reception",
            "no-entry": "no-entry"}


def pictogram_of(message) -> str:
    """The key of a message's pictogram ("" when none): its own, else its category's."""
    key = MESSAGES.get(message.key) or message.category.key
    return key if key in DRAWINGS else ""


def pictogram(key: str, css_class: str = "pictogram"):
    """A pictogram as an <svg> (hidden from screen readers: the words say the same), or "" for none."""
    drawing = DRAWINGS.get(key)
    if drawing is None:
        return ""
    return format_html('<svg class="{}" data-pictogram="{}" viewBox="0 0 24 24" aria-hidden="true" '
                       'focusable="false">{}</svg>', css_class, key, mark_safe(drawing))
