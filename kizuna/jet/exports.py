"""The JET roster and a safety confirmation's board as CSV: the rows the reader may see and nothing else, typed
text written as text, never as a formula (kizuna.core.spreadsheets)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kizuna.core.countries import country_name
from kizuna.core.spreadsheets import csv_bytes


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def board_csv(rows) -> bytes:
    header = [_("JET number"), _("Family name"), _("Given names"), _("Position"), _("Contracting organisation"),
              _("Coordinating body"), _("Answer"), _("Where"), _("Note"), pgettext("safety time", "Answered"),
              _("Reminders"), _("Supervisors told")]
    return csv_bytes(header, (
        (row.participant.jet_number, row.participant.family_name, row.participant.given_names,
         row.participant.get_position_display(), row.host.organisation.name, row.coordinating_body.name,
         row.get_answer_display() if row.answer else _("Not answered"), row.location, row.note,
         _when(row.answered_at), row.reminders, _when(row.escalated_at)) for row in rows))


def roster_csv(participants) -> bytes:
    header = [_("JET number"), _("Family name"), _("Given names"), _("Name in katakana"), _("Position"),
              _("Nationality"), _("Recruiting country"), _("Arrival group"), _("Status"), _("Appointment year"),
              _("Contracting organisation"), _("Coordinating body"), _("Expected arrival"), _("Arrived on"),
              _("Leaves on")]
    return csv_bytes(header, (
        (p.jet_number, p.family_name, p.given_names, p.name_katakana, p.get_position_display(),
         country_name(p.nationality), country_name(p.recruiting_country), p.get_cohort_display(),
         p.get_status_display(), p.contract_year, p.host.organisation.name, p.host.coordinating_body.name,
         p.expected_arrival, p.arrived_on or "", p.leaving_on or "") for p in participants))


def outcome_csv(outcome: dict) -> bytes:
    """A round's outcome: one line per contracting organisation, then its coordinating body's total, then all."""
    header = [_("Coordinating body"), _("Contracting organisation"), _("Code"), _("In the round"),
              _("Stays"), _("Leaves"), _("Not yet confirmed"), _("Adjusted with headquarters"),
              _("New places next year")]

    def cells(line):
        return [line["total"], line["stays"], line["leaves"], line["pending"], line["adjusted"], line["new_places"]]

    rows = []
    for body in outcome["bodies"]:
        rows += [[body["name"], host["name"], host["code"], *cells(host)] for host in body["hosts"]]
        rows.append([body["name"], _("Total"), "", *cells(body)])
    rows.append([_("All"), _("Total"), "", *cells(outcome["total"])])
    return csv_bytes(header, rows)
