"""Lead capture at a joint booth: a co-exhibitor's staff scan a visitor's code (the QR of their registration to
the fair) on a phone, with how interested they were and a note. Scanning the same visitor again updates the lead;
the co-exhibitor downloads its leads to follow them up, and its report after the fair starts from their count."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.policies import require
from kizuna.core.spreadsheets import csv_lines

from ..enums import Status
from ..models import Exhibitor, Lead, Registration

NOTE_MAX = 2000


@dataclass
class Capture:
    ok: bool
    outcome: str  # captured | updated | unknown | not_confirmed
    message: str
    lead: Lead | None = None


def capture_lead(*, by, exhibitor: Exhibitor, code: str, interest: str = Lead.Interest.MEDIUM,
                 note: str = "") -> Capture:
    """One clear answer for every code: a new lead, a lead updated, an unknown code, a registration not
    confirmed. Only the fair's confirmed registrations are leads."""
    require(by, "events.capture_leads", exhibitor)
    code = "".join(code.split()).upper()[:12]
    if interest not in Lead.Interest.values:
        interest = Lead.Interest.MEDIUM
    note = note.strip()[:NOTE_MAX]
    found = (Registration.objects.select_related("person").filter(event=exhibitor.booth.event_id, code=code)
             .first()) if code else None
    if found is None:
        return Capture(False, "unknown", _("Unknown code: nobody registered for this fair has it."))
    if found.status != Status.CONFIRMED:
        return Capture(False, "not_confirmed", _("This registration is not confirmed (%(status)s).")
                       % {"status": found.get_status_display()})
    with transaction.atomic():
        lead = Lead.objects.select_for_update().filter(exhibitor=exhibitor, registration=found).first()
        if lead is None:
            lead = create_logged(Lead, "events.lead.capture", by=by, exhibitor=exhibitor, registration=found,
                                 interest=interest, note=note, scanned_by=by)
            return Capture(True, "captured", _("Lead saved: %(person)s.") % {"person": found.person}, lead)
        lead.interest = interest
        if note:
            lead.note = f"{lead.note}\n{note}".strip()[:NOTE_MAX]
        save_logged(lead, "events.lead.update", by=by, fields=["interest", "note"])
    return Capture(True, "updated", _("Already a lead: %(person)s. Interest and note updated.")
                   % {"person": found.person}, lead)


def leads_of(exhibitor: Exhibitor):
    return exhibitor.captured_leads.select_related("registration__person", "registration__organisation",
                                                   "scanned_by")


def header() -> list[str]:
    return [_("Name"), _("Organisation"), _("Email address"), _("Interest"), _("Note"), _("Scanned at"),
            _("Scanned by")]


def rows(exhibitor: Exhibitor):
    for lead in leads_of(exhibitor).iterator(chunk_size=500):
        person = lead.registration.person
        yield [person.full_name or person.email, lead.registration.organisation_shown, person.email,
               lead.get_interest_display(), lead.note, lead.scanned_at.strftime("%Y-%m-%d %H:%M"),
               str(lead.scanned_by)]


def leads_csv(exhibitor: Exhibitor):
    return csv_lines(header(), rows(exhibitor))
