"""The plan's signage KPI, computed live: `signage.sheets.created`, the sheets made in the period (signs, pointing
boards, registration cards, and the signs of shelter packs), for CLAIR as a whole or for the local governments a
branch serves (sheets made by their staff)."""

from kizuna.plan.kpis import period, register_sum, served_by

from .models import SheetMade


def sheets_made(*, year, quarter, organisation_id):
    scope = served_by(organisation_id, "organisation__")
    if scope is None:
        return None
    return SheetMade.objects.filter(scope, made_at__range=period(year, quarter)).select_related("organisation")


register_sum("signage.sheets.created", sheets_made, "sheets", dated="made_at")
