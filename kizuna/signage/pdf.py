"""Signs, pointing boards and registration cards as print-ready PDFs (kizuna/core/pdf.py: WeasyPrint, Noto fonts
per script)."""

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kizuna.core.pdf import document as laid_out

from .enums import LANGUAGES, Orientation
from .labels import labels_for
from .signs import FOOTER_MM


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def absolute(url: str, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.SITE_URL.rstrip("/") + url


def _document(template: str, context: dict):
    return laid_out(template, {**context, "languages": LANGUAGES.values()})


def render_pdf(template: str, context: dict) -> bytes:
    return _document(template, context).write_pdf()


def spilled_sheets(document, count: int) -> list[int]:
    """The sheets (0-based) that took more than one page: each sheet starts a page and carries the anchor
    `sheet-N`, so a page without a new anchor is the overflow of the sheet before it."""
    starts = {}
    for number, page in enumerate(document.pages):
        for name in page.anchors:
            if name.startswith("sheet-"):
                starts.setdefault(int(name.removeprefix("sheet-")), number)
    bounds = [starts.get(n, 0) for n in range(count)] + [len(document.pages)]
    return [n for n in range(count) if bounds[n + 1] - bounds[n] > 1]


def sign_pdf(sign, qr_url: str) -> bytes:
    """One page per message. A sheet whose texts do not fit is laid out again in smaller type; when even the
    smallest does not fit, the sign is refused (ValidationError): a text is never cut off silently."""
    context = {"sign": sign, "spec": sign.spec, "qr": qr_data_uri(qr_url), "qr_url": qr_url,
               "labels": labels_for(sign.spec.languages), "footer_mm": FOOTER_MM}
    while True:
        document = _document("signage/print/sign.html", context)
        spilled = spilled_sheets(document, len(sign.blocks))
        if not spilled:
            return document.write_pdf()
        too_long = [sign.blocks[n] for n in spilled if not sign.blocks[n].shrink()]
        if too_long:
            raise ValidationError(
                _("“%(message)s” does not fit on one %(paper)s sheet in these languages, even in the smallest "
                  "type. Choose fewer languages, larger paper or shorter local details."),
                code="too_long", params={"message": too_long[0].lines[0].text[:40],
                                         "paper": f"{sign.spec.size} {Orientation(sign.spec.orientation).label}"})


def pictogram_sheet_pdf(pictograms, *, names, layout: str, size: str, orientation: str) -> tuple[bytes, int]:
    """Pictograms alone, large (one per page) or several on a page, with their names in `names` (ja, en) or
    none. Returns the PDF and its page count."""
    document = laid_out("signage/print/pictograms.html", {
        "pictograms": pictograms, "names": names, "layout": layout, "size": size, "orientation": orientation,
        "symbol_mm": _symbol_mm(size, orientation, layout, names)})
    return document.write_pdf(), len(document.pages)


def _symbol_mm(size: str, orientation: str, layout: str, names) -> int:
    """The side of a symbol: as large as the page's short side allows, less the room its names take."""
    short, long = (297, 420) if size == "A3" else (210, 297)
    width, height = (short, long) if orientation == Orientation.PORTRAIT else (long, short)
    if layout == "grid":
        return int((width - 20) / 3 - 14)
    return int(min(width - 30, height - 30 - 30 * len(names)))
