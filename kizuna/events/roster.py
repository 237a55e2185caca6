"""An event's roster out of Kizuna, for the organisers: Excel and CSV (every registration with its answers, for
the office's own lists), a printed list (PDF, to sign in on paper), name badges (an A4 sheet of eight) and table
cards (a tent card per person, folded along the middle), both with the check-in QR code of the registration.

Badges and table cards are printed for those who hold a seat (confirmed, checked in or not); the lists have
every registration with its state. The PDFs go through the one PDF mechanism (kizuna/core/pdf.py)."""

from dataclasses import dataclass
from io import BytesIO

import segno
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kizuna.core.pdf import FONTS, name_size, render_pdf
from kizuna.core.spreadsheets import csv_lines, safe_cell

from . import questions
from .enums import Status
from .models import Registration, Session

BADGES_PER_SHEET = 8
TABLE_CARD_SIZES = ((10, 72), (16, 56), (24, 40), (36, 28))  # a name across a 297 mm card


def registrations(event, *, seated_only: bool = False):
    found = (event.registrations.select_related("person", "organisation")
             .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")),
                               "answer_files")
             .order_by("created_at", "pk"))
    return found.filter(status=Status.CONFIRMED) if seated_only else found


def header(event) -> list[str]:
    return [_("Check-in code"), _("Name"), pgettext("a person's name", "Name (kana)"), _("Email address"),
            _("On behalf of"), _("Status"),
            _("Registered at"), _("Sessions"), _("Checked in at"),
            *[questions.label(q) for q in questions.questions_of(event)]]


def _when(value, zone) -> str:
    """A time as the venue's clock shows it (the roster is used there)."""
    return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M") if value else ""


def rows(event):
    asked, zone = questions.questions_of(event), event.zone
    for r in registrations(event).iterator(chunk_size=500):
        person = r.person
        yield [r.code, person.full_name or person.email, person.full_name_kana, person.email,
               r.organisation_shown, r.get_status_display(), _when(r.created_at, zone),
               " / ".join(s.title for s in r.sessions.all()), _when(r.checked_in_at, zone),
               *[questions.answer_text(q, (r.answers or {}).get(q["key"])) for q in asked]]


def roster_csv(event):
    """The lines of the CSV file, one by one (for a streaming response)."""
    return csv_lines(header(event), rows(event))


def roster_xlsx(event) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Roster"))
    names = header(event)
    for i, width in enumerate([12, 24, 24, 30, 30, 14, 17, 30, 17] + [24] * (len(names) - 9), 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "C2"
    bold = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=safe_cell(name))
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows(event):
        sheet.append([safe_cell(v) for v in row])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def roster_pdf(event) -> bytes:
    """The printed list: name, organisation, state, the answers (when the event asks questions), with an empty
    column to sign in."""
    asked = questions.questions_of(event)
    found = list(registrations(event))
    with timezone.override(event.zone):
        return render_pdf("events/print/roster.html", {
            "event": event, "fonts": FONTS, "registrations": found, "asked": bool(asked),
            "answered": [(r, questions.readable(asked, r.answers)) for r in found], "printed_at": timezone.now()})


@dataclass
class Card:
    registration: Registration
    name: str
    organisation: str
    size: int
    qr: str  # an SVG data URI of the check-in code


def _cards(event, **sizes) -> list[Card]:
    found = []
    for r in registrations(event, seated_only=True):
        name = r.person.full_name or r.person.email
        size = name_size(name, **sizes)
        found.append(Card(r, name, r.organisation_shown, size,
                          segno.make(r.code, error="m").svg_data_uri(scale=3, border=1)))
    return found


def badges_pdf(event) -> bytes:
    """A4 sheets of eight badges: the name large, its kana, the organisation, the event, the check-in QR code."""
    cards = _cards(event)
    sheets = [cards[i:i + BADGES_PER_SHEET] for i in range(0, len(cards), BADGES_PER_SHEET)] or [[]]
    return render_pdf("events/print/badges.html", {"event": event, "fonts": FONTS, "sheets": sheets})


def table_cards_pdf(event) -> bytes:
    """A tent card per person on A4 landscape: the name on both halves (the upper one upside down), so that it
    reads from both sides of the table once folded."""
    return render_pdf("events/print/table_cards.html", {"event": event, "fonts": FONTS,
                                                         "cards": _cards(event, sizes=TABLE_CARD_SIZES,
                                                                                smallest=22)})
