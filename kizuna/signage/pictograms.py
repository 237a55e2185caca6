"""Kizuna's pictogram library: symbols for facilities, actions, warnings, prohibitions and food allergens, so
that a sign is understood before it is read.

Our own simple drawings, made here on a 24 × 24 grid in black. They follow the *meanings* of JIS Z 8210
(evacuation shelter, toilet, AED, no smoking, …) and of Japan's allergen labelling (the 8 mandatory allergens and
a few more), not their drawings, which are not ours to copy. Each drawing is the inner markup of an
<svg viewBox="0 0 24 24">: the pages, the printed signs and sheets (WeasyPrint draws inline SVG as vectors) and
the downloadable SVG files use the same drawing.

Every category of the phrase bank has a pictogram of the same key (a sign without its own shows its
category's); a message may carry its own (`Message.pictogram`)."""

from dataclasses import dataclass

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy


class Kind(models.TextChoices):
    FACILITY = "facility", pgettext_lazy("pictogram kind", "Facility")
    ACTION = "action", pgettext_lazy("pictogram kind", "Action")
    WARNING = "warning", pgettext_lazy("pictogram kind", "Warning")
    PROHIBITION = "prohibition", pgettext_lazy("pictogram kind", "Prohibition")
    ALLERGEN = "allergen", pgettext_lazy("pictogram kind", "Food allergen")


@dataclass(frozen=True)
class Pictogram:
    key: str
    kind: str
    name: str  # Japanese
    name_en: str
    drawing: str

    def __str__(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


_S = 'fill="none" stroke="#000" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"'
_W = 'fill="none" stroke="#fff" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"'
_THIN = 'fill="none" stroke="#000" stroke-width="1.2" stroke-linecap="round" stroke-linejoin="round"'


def _no(inner: str) -> str:
    """A prohibition: the drawing, smaller, in a circle with a bar across it."""
    return (f'<g transform="translate(5.4 5.4) scale(.55)">{inner}</g>'
            f'<circle cx="12" cy="12" r="10.3" fill="none" stroke="#000" stroke-width="2.4"/>'
            f'<path d="M4.8 4.8 19.2 19.2" stroke="#000" stroke-width="2.4"/>')


_FLAME = ('<path d="M12 1.5c.8 4 6.5 6.2 6.5 12.3a6.5 6.5 0 0 1-13 0c0-3.2 1.8-5.3 3-7.3.2 3 1.2 4.3 2.4 4.4'
          '-.4-3.6-.2-6.5 1.1-9.4Z"/>')
_DOG = ('<path d="M3.5 10h12.5v6.5h-1v5h-2.5v-5h-6v5H4v-5h-.5Z"/><circle cx="18" cy="8.5" r="3.3"/>'
        '<path d="M19.5 6.5 22.5 9 21.5 11Z"/><path d="M3.8 10.5 1.8 6.5" fill="none" stroke="#000" '
        'stroke-width="1.6" stroke-linecap="round"/>')
_WHEELCHAIR = (f'<circle cx="8.5" cy="3.2" r="2.2"/><path {_S} d="M8.5 7v6.5h6l3 6.5h2.5M8.5 9.8h5"/>'
               f'<path {_S} d="M5.6 11.6a6 6 0 1 0 9.7 6.3"/>')
_PIG = ('<circle cx="12" cy="13" r="8.5"/><path d="M4.5 9 3.5 2.5 9.5 5.5ZM19.5 9l1-6.5-6 3Z"/>'
        '<ellipse cx="12" cy="15.5" rx="4" ry="2.8" fill="#fff"/><circle cx="10.5" cy="15.5" r=".9"/>'
        '<circle cx="13.5" cy="15.5" r=".9"/><circle cx="8.5" cy="10.5" r="1.1" fill="#fff"/>'
        '<circle cx="15.5" cy="10.5" r="1.1" fill="#fff"/>')
_GLASS = f'<path d="M7 2h10v4.5a5 5 0 0 1-10 0Z"/><path {_S} d="M12 12v8.5M8 21.5h8"/>'

_ENTRIES = [
    # The categories of the phrase bank (keys as the categories').
    ("earthquake", Kind.WARNING, "地震", "Earthquake",
     # a house with a crack through it
     '<path d="M2.5 11.5 12 3l9.5 8.5V21h-19Z"/><path d="M12.5 8.5l-2.5 4 3 2.2-2.4 4.8" fill="none" '
     'stroke="#fff" stroke-width="1.8"/>'),
    ("tsunami-flood", Kind.WARNING, "津波・洪水", "Tsunami and flood",
     f'<path {_S} d="M2 9c2.5-3 5-3 7.5 0s5 3 7.5 0 3.5-2.5 5 0M2 16c2.5-3 5-3 7.5 0s5 3 7.5 0 3.5-2.5 5 0"/>'),
    ("fire", Kind.WARNING, "火災", "Fire", _FLAME),
    ("lifelines", Kind.WARNING, "電気・ガス・水道", "Power, gas and water",
     '<path d="M13.5 1.5 4 13.5h6.5L8.5 22.5l10-13H12l1.5-8Z"/>'),
    ("transport", Kind.FACILITY, "交通", "Transport",
     '<path d="M5 2.5h14a2 2 0 0 1 2 2V18H3V4.5a2 2 0 0 1 2-2Z"/><path d="M5.5 5h13v6h-13Z" fill="#fff"/>'
     '<circle cx="7" cy="20" r="2"/><circle cx="17" cy="20" r="2"/>'),
    ("evacuation", Kind.ACTION, "避難する", "Evacuate",
     f'<path {_S} d="M9 3H4v18h5"/><path d="M8 10.5h8V6l7 6-7 6v-4.5H8Z"/>'),
    ("guidance", Kind.ACTION, "こちらへ", "This way",
     '<path d="M2.5 9.5h11V4l8.5 8-8.5 8v-5.5h-11Z"/>'),
    ("safety", Kind.ACTION, "安否確認", "Safety check",
     f'<circle cx="12" cy="12" r="10" {_S}/><path {_S} d="m7 12.5 3.3 3.3L17 9"/>'),
    ("reception", Kind.FACILITY, "受付", "Reception",
     '<circle cx="12" cy="5.5" r="3.2"/><path d="M6 14a6 5 0 0 1 12 0Z"/><path d="M2 14.5h20v3H2Z"/>'
     '<path d="M4 17.5h2.5V22H4ZM17.5 17.5H20V22h-2.5Z"/>'),
    ("rules", Kind.WARNING, "注意", "Caution",
     '<path d="M12 1.8 23 21.5H1Z"/><path d="M10.7 8h2.6l-.5 7.3h-1.6ZM10.8 16.8h2.4v2.4h-2.4Z" fill="#fff"/>'),
    ("food", Kind.FACILITY, "食事", "Meals",
     '<path d="M2 11.5h20a10 8 0 0 1-20 0Z"/><path d="m12.5 10 4.5-8.5 1.5.8-4 7.7ZM16 10l5-7.5 1.4 1L18 10Z"/>'),
    ("water", Kind.FACILITY, "給水", "Water supply",
     '<path d="M12 1.5S4.5 10.2 4.5 15a7.5 7.5 0 0 0 15 0C19.5 10.2 12 1.5 12 1.5Z"/>'),
    ("medical", Kind.FACILITY, "救護所", "Medical aid",
     '<path d="M8.5 2.5h7v6h6v7h-6v6h-7v-6h-6v-7h6Z"/>'),
    ("information", Kind.FACILITY, "案内所", "Information",
     '<circle cx="12" cy="12" r="10.5"/><path d="M10.5 5h3v3h-3ZM10.5 10h3v9h-3Z" fill="#fff"/>'),
    ("supplies", Kind.FACILITY, "支援物資", "Relief supplies",
     '<path d="M12 1.8 22 6.5v11L12 22.2 2 17.5v-11Z"/><path d="M2.8 7 12 11.5 21.2 7M12 11.5v10" '
     'fill="none" stroke="#fff" stroke-width="1.5"/>'),
    ("hygiene", Kind.ACTION, "手を洗う", "Wash your hands",
     '<path d="M12 1.5S8 6 8 8.4a4 4 0 0 0 8 0C16 6 12 1.5 12 1.5Z"/><path d="M2 15.5h6l3 2h5a1.5 1.5 0 0'
     ' 1 0 3H8.5L2 19Z"/><path d="M15.5 17.5l4.2-2a1.5 1.5 0 0 1 1.6 2.5L16 21"/>'),
    ("care", Kind.FACILITY, "配慮が必要な人", "Care and support",
     '<path d="M12 21.5S2 15 2 8.5A5 5 0 0 1 12 6a5 5 0 0 1 10 2.5c0 6.5-10 13-10 13Z"/>'),
    ("procedures", Kind.ACTION, "手続き", "Procedures",
     '<path d="M4.5 1.5h11l4 4v17h-15Z"/><path d="M7.5 9h9M7.5 13h9M7.5 17h6" fill="none" stroke="#fff" '
     'stroke-width="1.8"/>'),
    ("facilities", Kind.FACILITY, "施設", "Facilities",
     '<path d="M3 9.5 12 3l9 6.5V22H3Z"/><path d="M10 14.5h4V22h-4Z" fill="#fff"/>'),
    ("notices", Kind.FACILITY, "お知らせ", "Notices",
     '<path d="M2 3h20v13H2Z"/><path d="M5 6.5h14M5 10h14M5 13h9" fill="none" stroke="#fff" '
     'stroke-width="1.6"/><path d="M6 16h2.5v6H6ZM15.5 16H18v6h-2.5Z"/>'),
    # Facilities.
    ("evacuation-shelter", Kind.FACILITY, "避難所", "Evacuation shelter",
     f'<path {_S} d="M1.8 11.2 12 2.8l10.2 8.4M4.5 9.5v12h15v-12"/><circle cx="12" cy="11.5" r="2.3"/>'
     '<path d="M8.5 21.5v-4.5a3.5 3.5 0 0 1 7 0v4.5Z"/>'),
    ("evacuation-site", Kind.FACILITY, "避難場所", "Evacuation site",
     f'<path {_S} d="M1.5 21.5h21"/><circle cx="9" cy="4.5" r="2.3"/>'
     f'<path {_S} d="M9 8v6.5m0 0-2.5 5m2.5-5 2.5 5M5 6.5l4 2.5 4-2.5"/>'
     '<circle cx="18" cy="11" r="3.8"/><path d="M17.2 14h1.6v7h-1.6Z"/>'),
    ("drinking-water", Kind.FACILITY, "飲み水", "Drinking water",
     f'<path d="M3.5 2.5h9v3h-3.2v2H6.7v-2H3.5Z"/><path d="M8 9.5s-1.5 1.8-1.5 2.8a1.5 1.5 0 0 0 3 0c0-1-1.5-2.8'
     f'-1.5-2.8Z"/><path {_S} d="M10.5 9.5h10l-1.6 12h-6.8Z"/><path d="M12 14.5h7.3l-.9 6.5h-5.5Z"/>'),
    ("toilet", Kind.FACILITY, "トイレ", "Toilet",
     '<circle cx="6.5" cy="4" r="2.3"/><path d="M4 7.5h5v7H8v7.5H5v-7.5H4Z"/><circle cx="17.5" cy="4" '
     'r="2.3"/><path d="M15.5 7.5h4l2.5 8h-2.5V22h-4v-6.5H13Z"/><path d="M12 2v20" fill="none" '
     'stroke="#000" stroke-width="1"/>'),
    ("accessible-toilet", Kind.FACILITY, "多機能トイレ", "Accessible toilet",
     f'<g transform="translate(0 2) scale(.6)">{_WHEELCHAIR}</g><path d="M13 2v20" fill="none" stroke="#000" '
     'stroke-width="1"/><path d="M15 5h2.5v7H15Z"/><path d="M15 11.5h7.5a4 4 0 0 1-4 4h-1l1 6h-4l.5-6Z"/>'),
    ("wheelchair", Kind.FACILITY, "車いす", "Wheelchair", _WHEELCHAIR),
    ("first-aid", Kind.FACILITY, "応急手当", "First aid",
     f'<path {_S} d="M8.5 7V4h7v3"/><path d="M2 7h20v14.5H2Z"/><path d="M10.5 9.5h3v3h3v3h-3v3h-3v-3h-3v-3h3Z" '
     'fill="#fff"/>'),
    ("aed", Kind.FACILITY, "AED（自動体外式除細動器）", "AED (defibrillator)",
     '<path d="M12 21.5S2 15 2 8.5A5 5 0 0 1 12 6a5 5 0 0 1 10 2.5c0 6.5-10 13-10 13Z"/>'
     '<path d="M13.2 7.5 9 13.5h3l-1.3 5 4.8-7h-3l1.6-4Z" fill="#fff"/>'),
    ("clinic", Kind.FACILITY, "診療・薬", "Clinic and medicine",
     '<g transform="rotate(45 12 12)"><path d="M7 12V6.5a5 5 0 0 1 10 0V12Z"/>'
     f'<path {_S} d="M7 12v5.5a5 5 0 0 0 10 0V12Z"/></g>'),
    ("nursing-room", Kind.FACILITY, "授乳室・赤ちゃん", "Nursing room and baby care",
     '<path d="M10.5 1.5h3l1 3.5h-5Z"/><path d="M8.5 5.5h7v2.5h-7Z"/>'
     '<path d="M8 9h8v11a2 2 0 0 1-2 2h-4a2 2 0 0 1-2-2Z"/><path d="M11 12.5h3M11 15.5h3M11 18.5h3" '
     'fill="none" stroke="#fff" stroke-width="1.3"/>'),
    ("phone-charging", Kind.FACILITY, "携帯電話充電", "Phone charging",
     '<path d="M7.5 1.5h9A1.5 1.5 0 0 1 18 3v18a1.5 1.5 0 0 1-1.5 1.5h-9A1.5 1.5 0 0 1 6 21V3a1.5 1.5 0 0 1 '
     '1.5-1.5Z"/><path d="M8 4h8v14.5H8Z" fill="#fff"/><path d="M13 5.5 9.5 11.5H12l-1 5 3.5-6.5H12l1-4.5Z"/>'
     '<circle cx="12" cy="20.4" r=".9" fill="#fff"/>'),
    ("wifi", Kind.FACILITY, "Wi-Fi", "Wi-Fi",
     f'<circle cx="12" cy="19" r="2.2"/><path {_S} d="M7.6 14.6a6.2 6.2 0 0 1 8.8 0M4.4 11.4a10.7 10.7 0 0 1 '
     f'15.2 0M1.3 8.2a15.2 15.2 0 0 1 21.4 0"/>'),
    ("bath-shower", Kind.FACILITY, "お風呂・シャワー", "Bath and shower",
     f'<path {_S} d="M4 22V5a3 3 0 0 1 3-3h4a3 3 0 0 1 3 3v3.5"/><path d="M9 11.5a5 3.5 0 0 1 10 0Z"/>'
     '<circle cx="10.5" cy="14.5" r="1"/><circle cx="14" cy="14.5" r="1"/><circle cx="17.5" cy="14.5" r="1"/>'
     '<circle cx="12.2" cy="17.8" r="1"/><circle cx="15.8" cy="17.8" r="1"/><circle cx="10.5" cy="21" r="1"/>'
     '<circle cx="14" cy="21" r="1"/><circle cx="17.5" cy="21" r="1"/>'),
    ("laundry", Kind.FACILITY, "洗濯", "Laundry",
     '<path d="M3.5 1.5h17v21h-17Z"/><circle cx="12" cy="13.5" r="5.8" fill="#fff"/>'
     '<path d="M7.8 14c1.4-1.4 2.8-1.4 4.2 0s2.8 1.4 4.2 0a4.2 4.2 0 0 1-8.4 0Z"/>'
     '<path d="M6 4h4v1.6H6Z" fill="#fff"/><circle cx="17" cy="4.8" r="1" fill="#fff"/>'),
    ("rubbish", Kind.FACILITY, "ごみ置き場", "Rubbish",
     f'<path {_S} d="M9.5 4.5V2.5h5v2"/><path d="M3.5 4.5h17V7h-17Z"/><path d="M5 8.5h14l-1.3 13.5H6.3Z"/>'
     '<path d="M9.3 11v8M12 11v8M14.7 11v8" fill="none" stroke="#fff" stroke-width="1.3"/>'),
    ("garbage-separation", Kind.ACTION, "ごみの分別", "Sort your rubbish",
     f'<path {_S} d="M4 7C8 2.5 16 2.5 20 7"/><path d="M21.5 3.5 20.8 8.3 16.3 7Z"/>'
     '<path d="M1 10h6.5v1.6H1ZM1.6 12.5h5.3l-.6 9.5H2.2ZM8.75 10h6.5v1.6h-6.5ZM9.35 12.5h5.3l-.6 9.5h-4.1Z'
     'M16.5 10H23v1.6h-6.5ZM17.1 12.5h5.3l-.6 9.5h-4.1Z"/>'),
    ("lost-found", Kind.FACILITY, "落とし物", "Lost and found",
     f'<path {_S} d="M8.5 7.5V5a3.5 3.5 0 0 1 7 0v2.5"/><path d="M3 7.5h18v14.5H3Z"/>'
     '<path d="M9.8 12a2.3 2.3 0 1 1 3.3 2.1c-.7.3-1.1.8-1.1 1.5v.6" fill="none" stroke="#fff" '
     'stroke-width="1.8" stroke-linecap="round"/><path d="M11 18h2v2h-2Z" fill="#fff"/>'),
    ("emergency-exit", Kind.FACILITY, "非常口", "Emergency exit",
     f'<path {_S} d="M14.5 21.5v-19h7v19"/><circle cx="7.5" cy="4" r="2.2"/>'
     f'<path {_S} d="M7.5 7.5 6 13.5l3.5 3-1 5M6 13.5l-2.5 4H1.5M3 10l4.5-2.5 2.5 3 3-.5"/>'),
    ("stairs", Kind.FACILITY, "階段", "Stairs",
     '<path d="M2 22v-4h5v-4.5h5V9h5V4.5h5V22Z"/>'),
    ("elevator", Kind.FACILITY, "エレベーター", "Elevator",
     '<path d="M4 1.5h16v21H4Z"/><path d="M12 4.5l4 5H8ZM12 19.5l4-5H8Z" fill="#fff"/>'),
    ("parking", Kind.FACILITY, "駐車場", "Parking",
     '<rect x="2" y="2" width="20" height="20" rx="3"/><path d="M8 5.5h5a4.2 4.2 0 0 1 0 8.4h-2V19H8Z" '
     'fill="#fff"/><path d="M11 8.3h1.8a1.5 1.5 0 0 1 0 3H11Z"/>'),
    ("waiting-area", Kind.FACILITY, "待合所", "Waiting area",
     f'<path {_S} d="M4 2.5v13h8.5l1.5 6.5M4 15.5v6.5"/><circle cx="10" cy="4.5" r="2.2"/>'
     '<path d="M8 8h3.2l1.2 5h5.6l1.8 8.5h-2.6l-1.4-6H9.2Z"/>'),
    ("pets-allowed", Kind.FACILITY, "ペット可", "Pets allowed", _DOG),
    # Actions.
    ("shoes-off", Kind.ACTION, "靴を脱ぐ", "Take off your shoes",
     '<path d="M1.5 20.5V14l2-5.5h4l2 3.5 8 1.5a4 4 0 0 1 3.5 4v3Z"/>'
     f'<path {_S} d="M14 8.5 19 3.5M15.5 3.5H19V7"/>'),
    # Prohibitions.
    ("no-entry", Kind.PROHIBITION, "立入禁止", "No entry",
     '<circle cx="12" cy="12" r="10.5"/><path d="M5.5 10.3h13v3.4h-13Z" fill="#fff"/>'),
    ("no-smoking", Kind.PROHIBITION, "禁煙", "No smoking",
     _no('<path d="M1 13h16v4H1Z"/><path d="M18 13h4v4h-4Z"/><path d="M19 11c0-2 2.5-2 2.5-4.5S19 4 19 1.5" '
         'fill="none" stroke="#000" stroke-width="1.8"/>')),
    ("no-fire", Kind.PROHIBITION, "火気厳禁", "No open flames", _no(_FLAME)),
    ("no-pets", Kind.PROHIBITION, "ペット持ち込み禁止", "No pets inside", _no(_DOG)),
    ("no-alcohol", Kind.PROHIBITION, "飲酒禁止", "No alcohol", _no(_GLASS)),
    ("no-pork", Kind.PROHIBITION, "豚肉不使用", "No pork", _no(_PIG)),
    # Food allergens: the 8 that Japan's labelling makes mandatory, then others people ask about.
    ("shrimp", Kind.ALLERGEN, "えび", "Shrimp",
     '<path d="M18.5 7C11 5.5 5 9.5 5.5 14.5c.3 3 2.5 4.8 5.2 4.6" fill="none" stroke="#000" '
     'stroke-width="5" stroke-linecap="round"/><path d="M10 19l3.8-3.2.2 6.7Z"/>'
     '<path d="M8 9.5 10.2 12.5M11.5 7.5l1.3 3.8M5.5 13l3.2 1.2" fill="none" stroke="#fff" stroke-width="1"/>'
     f'<path {_THIN} d="M19.5 6.5C21 4.5 22 3.5 22.5 1.5M18.5 5.5c.5-1.8.5-3 0-4.5"/>'),
    ("crab", Kind.ALLERGEN, "かに", "Crab",
     '<ellipse cx="12" cy="14" rx="7" ry="4.5"/>'
     f'<path {_S} d="M7 12 5 8.5M17 12l2-3.5M5.5 16.5 2 19M5 14.5l-3.5 1M18.5 16.5 22 19M19 14.5l3.5 1"/>'
     '<path d="M2.5 3.5a3 3 0 0 1 5.5 2.2L5.3 5 4.8 8.3A3 3 0 0 1 2.5 3.5Z"/>'
     '<path d="M21.5 3.5A3 3 0 0 0 16 5.7l2.7-.7.5 3.3a3 3 0 0 0 2.3-4.8Z"/>'),
    ("walnut", Kind.ALLERGEN, "くるみ", "Walnut",
     '<circle cx="12" cy="12.5" r="9.5"/><path d="M12 3.5c-1.5 3 1.5 6 0 9s1.5 6 0 9" fill="none" '
     'stroke="#fff" stroke-width="1.6"/><path d="M7 8c1.5 1 1 3 2 4s-.5 3 1 4.5M17 8c-1.5 1-1 3-2 4s.5 3-1 '
     '4.5" fill="none" stroke="#fff" stroke-width="1.2"/>'),
    ("wheat", Kind.ALLERGEN, "小麦", "Wheat",
     f'<path {_S} d="M12 22.5V5"/><ellipse cx="12" cy="3.5" rx="1.6" ry="2.6"/>'
     '<ellipse cx="9" cy="8" rx="1.6" ry="3" transform="rotate(-35 9 8)"/>'
     '<ellipse cx="15" cy="8" rx="1.6" ry="3" transform="rotate(35 15 8)"/>'
     '<ellipse cx="9" cy="12.5" rx="1.6" ry="3" transform="rotate(-35 9 12.5)"/>'
     '<ellipse cx="15" cy="12.5" rx="1.6" ry="3" transform="rotate(35 15 12.5)"/>'
     '<ellipse cx="9" cy="17" rx="1.6" ry="3" transform="rotate(-35 9 17)"/>'
     '<ellipse cx="15" cy="17" rx="1.6" ry="3" transform="rotate(35 15 17)"/>'),
    ("buckwheat", Kind.ALLERGEN, "そば", "Buckwheat (soba)",
     '<path d="M2 13h20a10 8.5 0 0 1-20 0Z"/>'
     f'<path {_THIN} d="M9 13c-1-2 1-3 0-5s1-3 0-5M12 13c-1-2 1-3 0-5s1-3 0-5M15 13c-1-2 1-3 0-5s1-3 0-5"/>'
     f'<path {_S} d="M6 3.5h14M7 1.5h13"/>'),
    ("egg", Kind.ALLERGEN, "卵", "Egg",
     '<path d="M12 1.5C7.5 1.5 4.5 9 4.5 14a7.5 7.5 0 0 0 15 0c0-5-3-12.5-7.5-12.5Z"/>'
     '<path d="M8.5 10a4 5 0 0 1 2-4" fill="none" stroke="#fff" stroke-width="1.3" stroke-linecap="round"/>'),
    ("milk", Kind.ALLERGEN, "乳", "Milk",
     '<path d="M8 1.5h8V4H8Z"/><path d="M6 8.5 8 4.5h8l2 4V22.5H6Z"/>'
     '<path d="M12 11s-2.5 3-2.5 4.7a2.5 2.5 0 0 0 5 0C14.5 14 12 11 12 11Z" fill="#fff"/>'),
    ("peanut", Kind.ALLERGEN, "落花生（ピーナッツ）", "Peanut",
     '<g transform="rotate(-35 12 12)"><circle cx="12" cy="6.8" r="5"/><circle cx="12" cy="17.2" r="5"/>'
     '<path d="M8.7 10.5h6.6v3H8.7Z"/><path d="M10 5.5h.1M14 5.5h.1M12 8h.1M10 17.5h.1M14 17.5h.1M12 15h.1" '
     'fill="none" stroke="#fff" stroke-width="1.5" stroke-linecap="round"/></g>'),
    ("pork", Kind.ALLERGEN, "豚肉", "Pork", _PIG),
    ("beef", Kind.ALLERGEN, "牛肉", "Beef",
     f'<path {_S} d="M6.5 6.5C3.5 6 2.3 4 2.8 1.8M17.5 6.5c3-.5 4.2-2.5 3.7-4.7"/>'
     '<path d="M6 6h12l-.8 10.5a5.2 5.2 0 0 1-10.4 0Z"/><path d="M6 8 1.5 10.5 6.3 11.5ZM18 8l4.5 2.5-4.8 1Z"/>'
     '<ellipse cx="12" cy="17.5" rx="4" ry="2.8" fill="#fff"/><circle cx="10.6" cy="17.5" r=".8"/>'
     '<circle cx="13.4" cy="17.5" r=".8"/><circle cx="9" cy="10.5" r="1.1" fill="#fff"/>'
     '<circle cx="15" cy="10.5" r="1.1" fill="#fff"/>'),
    ("chicken", Kind.ALLERGEN, "鶏肉", "Chicken",
     '<circle cx="11" cy="13.5" r="7"/><path d="M6.5 7.5a2.2 2.2 0 0 1 3-3 2.2 2.2 0 0 1 3.8 0 2.2 2.2 0 0 1 '
     '3.2 3Z"/><path d="M17.5 11.5l4.8 2-4.8 2Z"/><path d="M15.3 17.5a1.8 2.6 0 0 0 3.6 0Z"/>'
     '<circle cx="13.5" cy="11.5" r="1.2" fill="#fff"/>'),
    ("alcohol", Kind.ALLERGEN, "アルコール", "Alcohol", _GLASS),
    ("vegetarian", Kind.ALLERGEN, "ベジタリアン", "Vegetarian",
     '<path d="M20.5 3.5C9 3 3.5 9 4 18.5c10 .5 17-5 16.5-15Z"/>'
     '<path d="M2.5 21.5 16 8M9 15h4.5M12 12V8" fill="none" stroke="#fff" stroke-width="1.5" '
     'stroke-linecap="round"/><path d="M2.5 21.5 5 19" stroke="#000" stroke-width="1.8" '
     'stroke-linecap="round"/>'),
]

LIBRARY: dict[str, Pictogram] = {key: Pictogram(key, str(kind), name, name_en, drawing)
                                 for key, kind, name, name_en, drawing in _ENTRIES}
DRAWINGS = {key: p.drawing for key, p in LIBRARY.items()}
MANDATORY_ALLERGENS = ("shrimp", "crab", "walnut", "wheat", "buckwheat", "egg", "milk", "peanut")


def pictogram_choices() -> list[tuple[str, str]]:
    """The library as choices (name in the reader's language), grouped by kind."""
    return [(str(kind.label), [(p.key, str(p)) for p in LIBRARY.values() if p.kind == kind]) for kind in Kind]


def by_kind() -> list[tuple[Kind, list[Pictogram]]]:
    return [(kind, [p for p in LIBRARY.values() if p.kind == kind]) for kind in Kind]


def pictogram_of(message) -> str:
    """The key of a message's pictogram ("" when none): its own, else its category's."""
    key = getattr(message, "pictogram", "") or message.category.key
    return key if key in LIBRARY else ""


def pictogram(key: str, css_class: str = "pictogram"):
    """A pictogram as an <svg> (hidden from screen readers: the words say the same), or "" for none."""
    drawing = DRAWINGS.get(key)
    if drawing is None:
        return ""
    return format_html('<svg class="{}" data-pictogram="{}" viewBox="0 0 24 24" aria-hidden="true" '
                       'focusable="false">{}</svg>', css_class, key, mark_safe(drawing))


def svg_file(key: str) -> str:
    """A pictogram as a standalone SVG file, titled with its names."""
    p = LIBRARY[key]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="240" height="240" role="img">'
            f'<title>{p.name} / {p.name_en}</title><desc>Kizuna pictogram "{p.key}" (own drawing, after the '
            f'meaning of JIS Z 8210 where it has one)</desc>{p.drawing}</svg>\n')
