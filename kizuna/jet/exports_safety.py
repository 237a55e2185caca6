"""A safety confirmation's board as CSV (UTF-8 with a BOM, so that Excel reads the Japanese), the rows the reader
may see and nothing else; typed text is written as text, never as a formula (kizuna.core.spreadsheets)."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kizuna.core.spreadsheets import safe_cell


def _columns() -> list[str]:
    return [_("JET number"), _("Family name"), _("Given names"), _("Position"), _("Contracting organisation"),
            _("Coordinating body"), _("Answer"), _("Where"), _("Note"), pgettext("safety time", "Answered"),
            _("Reminders"), _("Supervisors told")]


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def board_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_columns())
    for row in rows:
        p = row.participant
        writer.writerow([safe_cell(v) for v in (
            p.jet_number, p.family_name, p.given_names, p.get_position_display(), row.host.organisation.name,
            row.coordinating_body.name, row.get_answer_display() if row.answer else _("Not answered"),
            row.location, row.note, _when(row.answered_at), row.reminders, _when(row.escalated_at))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
