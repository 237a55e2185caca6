"""The requests app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})
OFFICE = frozenset({"office_staff", "superuser"})

# On the sample request: Chiyoda's research request, endorsed by the Tokyo branch and open at New York.
PERMISSION_ROLES = {
    "requests.view_own_requests": SIGNED_IN,
    "requests.file_request": CHIYODA_WORKERS | {"association_staff", "superuser"},
    "requests.view_request": CHIYODA_WORKERS | CLAIR,
    "requests.reply_request": CHIYODA_WORKERS | OFFICE | HQ,
    "requests.endorse_request": frozenset({"branch_staff", "superuser"}),
    "requests.accept_request": HQ,
    "requests.decline_request": CLAIR,
    "requests.work_request": OFFICE,
    "requests.resume_request": CHIYODA_WORKERS | OFFICE,
    "requests.hand_over_request": OFFICE | HQ,
    "requests.rate_request": CHIYODA_WORKERS | {"superuser"},
    "requests.withdraw_request": CHIYODA_WORKERS | {"superuser"},
    "requests.publish_request": OFFICE | HQ,
    "requests.view_queues": OFFICE | HQ,
    "requests.view_queue": OFFICE | HQ,
    "requests.edit_office_hours": OFFICE | HQ,
    "requests.view_research": ALL,
    "requests.export_research": CLAIR,
}


def _sample(w):
    from datetime import date

    from kizuna.requests import services
    from kizuna.requests.models import Request

    found = Request.objects.filter(title="sample").first()
    if found:
        return found
    request = services.file_request(
        by=w.people["municipality_staff"], requester=w.chiyoda, kind="research",
        data={"title": "sample", "description": "d", "country": "US", "questions": "q", "theme": "防災",
              "wanted_by": date(2027, 1, 1)})
    request = services.endorse_request(by=w.people["branch_staff"], request=request)
    return services.accept_request(by=w.people["hq_staff"], request=request, office=w.nyc)


def _request(w, role):
    return {"pk": _sample(w).pk}


def _file(w, role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.requests import services

    request = _sample(w)
    message = request.messages.first() or services.post_message(
        by=w.people["municipality_staff"], request=request, body="資料",
        files=[SimpleUploadedFile("a.txt", b"a")])
    return {"pk": request.pk, "file_pk": message.attachments.first().pk}


SAMPLES = {
    **{f"requests:{name}": _request for name in (
        "detail", "message", "endorse", "accept", "decline", "wait", "resume", "hand_over", "answer", "rate",
        "withdraw", "publish")},
    "requests:download": _file,
    "requests:queue": lambda w, role: {"office_pk": w.nyc.pk},
    "requests:office_hours": lambda w, role: {"office_pk": w.nyc.pk},
    "requests:research_export": lambda w, role: {"year": 2026},
    "api:requests_get": lambda w, role: {"request_id": _sample(w).pk},
    "api:requests_office_queue": lambda w, role: {"office_id": w.nyc.pk},
}
