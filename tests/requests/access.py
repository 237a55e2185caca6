"""The requests app's rows of the URL × role access table (merged by tests/access.py)."""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN

CHIYODA_WORKERS = frozenset({"municipality_staff", "municipality_admin"})
OFFICE = frozenset({"office_staff", "superuser"})

# On the sample request: Chiyoda's research request, endorsed by the Tokyo branch and open at New York.
PERMISSION_ROLES = {
    "requests.view_own_requests": SIGNED_IN,
    "requests.file_request": CHIYODA_WORKERS | {"association_staff", "superuser", "other_municipality_staff",
                                                "prefecture_staff"},
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
    "requests.feed_mail": HQ,
    "requests.view_reports": OFFICE | HQ,
}


def _sample(w):
    from datetime import date, timedelta

    from kizuna.requests import services
    from kizuna.requests.models import Request

    found = Request.objects.filter(title="sample").first()
    if found:
        return found
    request = services.file_request(
        by=w.people["municipality_staff"], requester=w.chiyoda, kind="research",
        data={"title": "sample", "description": "d", "country": "US", "questions": "q", "theme": "防災",
              "wanted_by": date.today() + timedelta(days=90)})
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
    "api:requests_post_message": lambda w, role: {"request_id": _sample(w).pk},
}


def _mixed(w):
    """Requests of two municipalities: Chiyoda's research request (endorsed, open at New York, waiting, with a
    reply, an internal note and files), a published research answer, and Minato's visit request at New York;
    New York's office hours."""
    from datetime import date, time

    from django.core.files.uploadedfile import SimpleUploadedFile

    from kizuna.requests import services

    request = _sample(w)
    services.post_message(by=w.people["municipality_staff"], request=request, body="返信",
                          files=[SimpleUploadedFile("r.txt", b"r")])
    services.post_message(by=w.people["office_staff"], request=request, body="内部メモ", internal=True,
                          files=[SimpleUploadedFile("n.txt", b"n")])
    services.wait_for_requester(by=w.people["office_staff"], request=request, question="確認")
    services.file_request(by=w.people["other_municipality_staff"], requester=w.minato, kind="visit",
                          data={"title": "港区の訪問", "description": "d", "country": "US", "people": "p",
                                "purpose": "p", "starts_on": date(2027, 2, 1), "ends_on": date(2027, 2, 3)})
    services.set_office_hours(by=w.people["office_staff"], office=w.nyc, opens=time(9), closes=time(17),
                              weekdays=[0, 1, 2, 3, 4])
    # and a published research answer (which puts a document into the full-text index)
    from .conftest import file_research, to_office

    done = to_office(w, file_research(w, title="米国の多言語防災アプリ"))
    done = services.answer_request(by=w.people["office_staff"], request=done, deliverable="回答です。")
    services.publish_research(by=w.people["office_staff"], request=done, publish=True, title="米国の多言語防災アプリ",
                              summary="州ごとの多言語防災アプリの比較。")


MIXED = [_mixed]
LISTS_WITH_ARGUMENTS = {"requests:queue", "api:requests_office_queue", "requests:research_export"}
