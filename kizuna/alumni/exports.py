"""A chapter's members as CSV for its officers and CLAIR: the same profiles as the members page, each with its
owner's privacy applied — a field the reader may not see is an empty cell, never its value (the cells are
written as text, never as formulas: kizuna.core.spreadsheets)."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kizuna.core.countries import country_name
from kizuna.core.spreadsheets import csv_bytes


def _placements(placements) -> str:
    if placements is None:
        return ""
    return "; ".join(f"{p.organisation_name} ({p.get_position_display()}, {p.started_on.year}–"
                     f"{p.ended_on.year if p.ended_on else ''})" for p in placements)


def members_csv(profiles, memberships) -> bytes:
    """`profiles` (queries.profiles) of the chapter's members, and their memberships by alumnus id."""
    header = [_("Name"), _("Country"), _("joined on"), _("Email address"),
              pgettext("where someone lives", "City"), _("Employer"), _("Placements")]
    return csv_bytes(header, (
        (p.alumnus.full_name, country_name(p.alumnus.country), memberships[p.alumnus.pk].joined_on,
         p.email or "", p.city or "", p.employer or "", _placements(p.placements)) for p in profiles))
