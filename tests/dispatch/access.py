"""The dispatch app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import CLAIR, HQ, SIGNED_IN

CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})
EXPERT = frozenset({"expert", "superuser"})

# On the sample dispatch: Chiyoda's regional-adviser request, offered to the world's expert, whose own
# profile is the sample expert.
PERMISSION_ROLES = {
    "dispatch.view_own_dispatches": SIGNED_IN,
    "dispatch.request_dispatch": CHIYODA_WORKERS | {"association_staff", "office_staff", "superuser"},
    "dispatch.view_dispatch": CHIYODA_WORKERS | CLAIR | {"expert"},
    "dispatch.assign_expert": HQ,
    "dispatch.respond_offer": EXPERT,
    "dispatch.file_report": EXPERT,
    "dispatch.answer_survey": CHIYODA_WORKERS | {"superuser"},
    "dispatch.cancel_dispatch": CHIYODA_WORKERS | HQ,
    "dispatch.view_board": CLAIR,
    "dispatch.view_experts": CLAIR,
    "dispatch.view_expert": CLAIR | {"expert"},
    "dispatch.edit_expert": HQ | {"expert"},
}


def _expert(w):
    from kizuna.dispatch.models import Expert

    found, _ = Expert.objects.get_or_create(person=w.people["expert"], defaults={
        "name": "sample", "programme": "regional", "languages": ["ja"]})
    return found


def _dispatch(w):
    from datetime import date

    from kizuna.dispatch.models import Dispatch

    found = Dispatch.objects.filter(theme="sample").first()
    if found is None:
        found = Dispatch.objects.create(
            host=w.chiyoda, created_by=w.people["municipality_staff"], programme="regional", theme="sample",
            starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 1), fiscal_year=2026, expert=_expert(w),
            status="offered")
    return found


SAMPLES = {
    **{f"dispatch:{name}": lambda w, role: {"pk": _dispatch(w).pk}
       for name in ("detail", "offer", "respond", "report", "survey", "cancel")},
    **{f"dispatch:{name}": lambda w, role: {"pk": _expert(w).pk}
       for name in ("expert", "expert_edit", "expert_dates")},
}
