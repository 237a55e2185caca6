"""The dispatch app's rows of the URL × role access table (merged by tests/access.py), and its mixed records."""

from tests.access_roles import CLAIR, HQ, SIGNED_IN

CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})
EXPERT = frozenset({"expert", "superuser"})
# Working members of a local government or an association: Chiyoda, Minato, Tokyo and the association.
LOCAL_GOVERNMENT_WORKERS = CHIYODA_WORKERS | {"other_municipality_staff", "prefecture_staff", "association_staff"}

# On the sample dispatch: Chiyoda's regional-adviser request, offered to the world's expert, whose own
# profile is the sample expert. A former member of Chiyoda, Minato's staff, Tokyo's staff and PA see none of it.
PERMISSION_ROLES = {
    "dispatch.view_own_dispatches": SIGNED_IN,
    "dispatch.request_dispatch": LOCAL_GOVERNMENT_WORKERS | {"office_staff", "superuser"},
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
    "dispatch.view_statement": HQ | {"expert"},
    "dispatch.view_statements": HQ,
    "dispatch.plan_visits": CHIYODA_WORKERS | HQ,
    # On the sample visit, planned on the sample dispatch.
    "dispatch.view_visit": CHIYODA_WORKERS | CLAIR | {"expert"},
    "dispatch.file_visit_report": EXPERT,
    "dispatch.cancel_visit": CHIYODA_WORKERS | HQ,
    "dispatch.add_report_files": EXPERT,
    # On the sample photo of the sample dispatch's report.
    "dispatch.view_report_file": CHIYODA_WORKERS | CLAIR | {"expert"},
    # On the sample application to the expert bank: the alumnus's, returned for more information (with a file).
    "dispatch.apply_expert": SIGNED_IN,
    "dispatch.view_expert_application": HQ | {"alumnus"},
    "dispatch.edit_expert_application": frozenset({"alumnus"}),
    "dispatch.submit_expert_application": frozenset({"alumnus"}),
    "dispatch.withdraw_expert_application": frozenset({"alumnus"}),
    "dispatch.view_expert_applications": HQ,
    "dispatch.review_expert_application": HQ,
    "dispatch.view_application_file": HQ | {"alumnus"},
}


def _expert(w):
    from kizuna.dispatch.models import Expert

    found, _ = Expert.objects.get_or_create(person=w.people["expert"], defaults={
        "name": "sample", "programme": "regional", "languages": ["ja"]})
    return found


def _dispatch(w):
    """Filed by Chiyoda's staff and offered by headquarters to the sample expert, through the services."""
    from datetime import date

    from kizuna.dispatch import services
    from kizuna.dispatch.models import Dispatch

    found = Dispatch.objects.filter(theme="sample").first()
    if found is None:
        found = services.request_dispatch(
            by=w.people["municipality_staff"], host=w.chiyoda, programme="regional",
            data={"theme": "sample", "starts_on": date(2026, 12, 1), "ends_on": date(2026, 12, 1), "hours": 2})
        found = services.offer_expert(by=w.people["hq_staff"], dispatch=found, expert=_expert(w))
    return found


def _visit(w):
    """A visit planned by headquarters on the sample dispatch."""
    from datetime import date

    from kizuna.dispatch import services
    from kizuna.dispatch.models import Visit

    dispatch = _dispatch(w)
    return Visit.objects.filter(dispatch=dispatch).first() or services.plan_visit(
        by=w.people["hq_staff"], dispatch=dispatch, day=date(2026, 12, 1), topic="sample visit", hours=2)


def png_bytes() -> bytes:
    """A small real PNG (a photo checked by its content must open)."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (4, 3), "navy").save(out, "PNG")
    return out.getvalue()


def _report_file(w):
    """A photo on the sample dispatch's report, arranged directly (the service takes it once confirmed)."""
    from django.core.files.base import ContentFile

    from kizuna.dispatch.models import ReportFile

    dispatch = _dispatch(w)
    found = ReportFile.objects.filter(dispatch=dispatch).first()
    if found is None:
        data = png_bytes()
        found = ReportFile.objects.create(dispatch=dispatch, file=ContentFile(data, name="sample.png"),
                                          name="sample.png", content_type="image/png", size=len(data),
                                          uploaded_by=w.people["expert"])
    return found


APPLICATION = {"name": "sample applicant", "career": "県庁で20年、国際交流を担当", "programmes": ["regional"],
               "fields": ["国際交流"], "languages": ["ja", "en"], "onsite": True, "online": True, "consent": True}


def _application(w):
    """The alumnus's application with a certificate, submitted, reviewed and returned by headquarters, through the
    services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.dispatch import applying
    from kizuna.dispatch.models import ExpertApplication

    found = ExpertApplication.objects.filter(name="sample applicant").first()
    if found is None:
        hq = w.people["hq_staff"]
        found = applying.save_application(by=w.people["alumnus"], data=APPLICATION, submit=True, files=[
            SimpleUploadedFile("certificate.png", png_bytes(), content_type="image/png")])
        found = applying.start_review(by=hq, application=found)
        found = applying.return_application(by=hq, application=found, reason="推薦者の連絡先を加えてください")
    return found


SAMPLES = {
    **{f"dispatch:{name}": lambda w, role: {"pk": _dispatch(w).pk}
       for name in ("detail", "offer", "respond", "report", "survey", "cancel", "plan_visit", "add_files")},
    "dispatch:report_file": lambda w, role: {"pk": _report_file(w).pk},
    "api:dispatch_report_files": lambda w, role: {"dispatch_id": _dispatch(w).pk},
    **{f"dispatch:{name}": lambda w, role: {"pk": _visit(w).pk} for name in ("report_visit", "cancel_visit")},
    "api:dispatch_visits": lambda w, role: {"dispatch_id": _dispatch(w).pk},
    "api:dispatch_report_visit": lambda w, role: {"visit_id": _visit(w).pk},
    **{f"dispatch:{name}": lambda w, role: {"pk": _expert(w).pk}
       for name in ("expert", "expert_edit", "expert_dates")},
    # The month of the reported dispatch of MIXED (Minato's, January 2027).
    **{f"dispatch:{name}": lambda w, role: {"pk": _expert(w).pk, "year": 2027, "month": 1}
       for name in ("statement", "statement_pdf", "statement_xlsx")},
    "api:dispatch_expert_statement": lambda w, role: {"expert_id": _expert(w).pk, "year": 2027, "month": 1},
    "dispatch:statements_xlsx": lambda w, role: {"year": 2027, "month": 1},
    "api:dispatch_month_statements": lambda w, role: {"year": 2027, "month": 1},
    **{f"dispatch:{name}": lambda w, role: {"pk": _application(w).pk}
       for name in ("application", "application_edit", "application_vet", "application_review",
                    "application_decide", "application_withdraw")},
    "dispatch:application_file": lambda w, role: {"pk": _application(w).files.get().pk},
    "api:dispatch_application": lambda w, role: {"application_id": _application(w).pk},
    "api:dispatch_decide_application": lambda w, role: {"application_id": _application(w).pk},
    "api:dispatch_withdraw_application": lambda w, role: {"application_id": _application(w).pk},
}


def _mixed(w):
    """Dispatches of two hosts and two experts: Chiyoda's (a visit planned, a photo, offered to and accepted by the
    world's expert, then handed to a former member as its filer) and Minato's (an expert without an account,
    reported); each expert's dates; a foreign local government that an office may ask for."""
    from datetime import date

    from kizuna.dispatch import services
    from kizuna.dispatch.models import Dispatch, Expert
    from tests.factories import OrganisationFactory, arrange_update

    adviser = _expert(w)
    other = Expert.objects.create(name="森 浩二", programme="regional", languages=["ja", "zh"], hourly_fee=10_000)
    _visit(w)
    _report_file(w)
    chiyoda = services.respond_offer(by=w.people["expert"], dispatch=_dispatch(w), accept=True)
    # Filed by someone who has since left Chiyoda: filing gives no access by itself.
    arrange_update(Dispatch.objects.filter(pk=chiyoda.pk), created_by=w.people["former_member"])
    minato = services.request_dispatch(
        by=w.people["other_municipality_staff"], host=w.minato, programme="regional",
        data={"theme": "港区の研修", "starts_on": date(2027, 1, 20), "ends_on": date(2027, 1, 20), "hours": 3})
    minato = services.offer_expert(by=w.people["hq_staff"], dispatch=minato, expert=other)
    minato = services.respond_offer(by=w.people["superuser"], dispatch=minato, accept=True)
    services.file_report(by=w.people["superuser"], dispatch=minato, report="実施", hours=3, travel_costs=8_000)
    services.set_dates(by=w.people["expert"], expert=adviser, days=[date(2027, 2, 1)], available=False)
    services.set_dates(by=w.people["hq_staff"], expert=other, days=[date(2027, 2, 2)], available=True)
    OrganisationFactory(kind="foreign_gov", name="Springfield", name_en="Springfield")
    # Applications to the expert bank: the alumnus's (returned, with a file) and a JET participant's (submitted).
    from kizuna.dispatch import applying

    _application(w)
    applying.save_application(by=w.people["jet"], data={**APPLICATION, "name": "JET applicant"}, submit=True)


MIXED = [_mixed]


def _expert_on_a_visible_dispatch(user, expert) -> bool:
    """The host sees who comes: an expert's name on the dispatches one may open."""
    from kizuna.dispatch.models import Dispatch

    return Dispatch.objects.visible_to(user).filter(expert=expert).exists()


SHOWN_WITH = {"dispatch.Expert": _expert_on_a_visible_dispatch}
LISTS_WITH_ARGUMENTS = {"dispatch:expert_dates", "api:dispatch_visits", "api:dispatch_report_files",
                        "dispatch:statement", "dispatch:statement_pdf", "dispatch:statement_xlsx",
                        "dispatch:statements_xlsx", "api:dispatch_expert_statement", "api:dispatch_month_statements"}
