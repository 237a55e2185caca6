"""The plan's learning KPIs, the certificate read back, scoping of lists and the API."""

import subprocess
import tomllib
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.events.services.checkin import check_in
from kizuna.events.services.registering import register
from kizuna.learning import services
from kizuna.learning import views as learning_views
from kizuna.plan.kpis import get_query
from tests.events.factories import EventFactory

from .conftest import answers, arrive, build_course, host_for, place

pytestmark = pytest.mark.django_db
PLAN = Path(__file__).resolve().parents[2] / "kizuna" / "plan" / "data" / "fy2026.toml"
KEYS = {"jet.orientation.attendees", "jet.elearning.completions", "jet.japanese_course.enrolments"}


def _kpi(key, organisation_id=None):
    return get_query(key)(year=2026, quarter=None, organisation_id=organisation_id)


def _complete(world, enrolment):
    for module in enrolment.course.modules.all():
        enrolment = services.complete_module(by=world.people["jet"], enrolment=enrolment, module=module)
    if enrolment.course.questions.exists():
        services.submit_quiz(by=world.people["jet"], enrolment=enrolment, answers=answers(enrolment.course))
    enrolment.refresh_from_db()
    return enrolment


def _pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return "".join(out.split())


def test_the_plan_names_the_learning_kpis_and_each_has_its_query():
    plan = tomllib.loads(PLAN.read_text(encoding="utf-8"))
    keys = {k.get("query_key") for area in plan["area"] for p in area.get("programme", []) for k in p.get("kpi", [])}
    assert (KEYS <= keys, all(get_query(k) is not None for k in KEYS)) == (True, True)


def test_orientation_attendees_count_those_checked_in(world):
    event = EventFactory(organiser=world.hq, kind="orientation", audience="anyone", kpi_series="jet_orientation")
    other = EventFactory(organiser=world.hq, kind="seminar")
    for role in ("jet", "municipality_staff", "alumnus"):
        registration = register(by=world.people[role], event=event)
        if role != "alumnus":
            check_in(by=world.people["hq_staff"], event=event, code=registration.code)
    check_in(by=world.people["hq_staff"], event=other, code=register(by=world.people["jet"], event=other).code)
    assert (_kpi("jet.orientation.attendees"), _kpi("jet.orientation.attendees", world.tokyo.pk)) == (2, None)


def test_elearning_completions_and_japanese_enrolments(world, participant):
    boats = build_course(world)
    japanese = build_course(world, kind="japanese", title="Japanese", access_days=183, questions=0)
    arrive(world, participant)
    assert _kpi("jet.elearning.completions") == 0
    _complete(world, boats.enrolments.get())
    services.approve_enrolment(by=world.people["hq_staff"],
                               enrolment=services.request_enrolment(by=world.people["jet"], course=japanese))
    assert (_kpi("jet.elearning.completions"), _kpi("jet.japanese_course.enrolments")) == (1, 1)
    assert _kpi("jet.elearning.completions", world.tokyo_branch.pk) == 1  # Tokyo's branch serves Chiyoda


def test_certificate_pdf_in_japanese_and_english(world, participant):
    course = build_course(world, title="BOATS for JET")
    arrive(world, participant)
    enrolment = _complete(world, course.enrolments.get())
    response = world.client_for("jet").get(reverse("learning:certificate", args=[enrolment.pk]))
    text = _pdf_text(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert ("修了証" in text, "BOATSforJET（日本語）" in text, "令和" in text, "CertificateofCompletion" in text,
            "SMITH" in text, participant.jet_number in text) == (True, True, True, True, True, True)


def test_certificate_before_completion_is_404(world, participant):
    course = build_course(world)
    arrive(world, participant)
    response = world.client_for("jet").get(reverse("learning:certificate", args=[course.enrolments.get().pk]))
    assert response.status_code == 404


def test_other_prefectures_pa_sees_no_enrolment(world, participant):
    course = build_course(world)
    arrive(world, participant)
    enrolment = course.enrolments.get()
    assert world.client_for("other_pa").get(reverse("learning:enrolment", args=[enrolment.pk])).status_code == 404
    assert world.client_for("pa").get(reverse("learning:enrolment", args=[enrolment.pk])).status_code == 200
    page = world.client_for("other_pa").get(reverse("learning:progress", args=[course.pk])).content.decode()
    assert "SMITH" not in page


def test_api_lists_only_the_callers_enrolments(world, participant):
    course = build_course(world)
    arrive(world, participant)
    other = place(world, jet_number="20260000002", host=host_for(world, world.minato))
    arrive(world, other)
    assert course.enrolments.count() == 2
    found = world.client_for("jet").get("/api/v1/learning/enrolments").json()
    assert [e["jet_number"] for e in found["items"]] == ["20260000001"]
    assert world.client_for("hq_staff").get("/api/v1/learning/enrolments").json()["count"] == 2


def _progress_queries(world, course) -> int:
    client = world.client_for("hq_staff")
    client.get(reverse("learning:progress", args=[course.pk]))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("learning:progress", args=[course.pk])).status_code == 200
    return len(queries)


def test_progress_page_queries_do_not_grow_with_rows(world, participant):
    course = build_course(world)
    arrive(world, participant)
    one = _progress_queries(world, course)
    for n in (2, 3):
        arrive(world, place(world, jet_number=f"2026000000{n}", host=host_for(world, world.minato)))
    assert (course.enrolments.count(), _progress_queries(world, course)) == (3, one)


def test_progress_page_is_paged_by_name(world, participant, monkeypatch):
    monkeypatch.setattr(learning_views, "PROGRESS_PAGE", 2)
    course = build_course(world)
    arrive(world, participant)
    for n in (2, 3):
        arrive(world, place(world, jet_number=f"2026000000{n}", host=host_for(world, world.minato)))
    client = world.client_for("hq_staff")
    first = client.get(reverse("learning:progress", args=[course.pk]))
    second = client.get(reverse("learning:progress", args=[course.pk]), {"page": 2})
    names = [str(e.participant) for e in first.context["rows"] + second.context["rows"]]
    assert (len(first.context["rows"]), len(second.context["rows"])) == (2, 1)
    assert sorted(names) == sorted(str(e.participant) for e in course.enrolments.all())
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert first.context["counts"]["total"] == 3


def test_progress_rows_show_the_participant_their_organisation_modules_due_date_and_status(world, participant):
    """The rows are written in Python (learning_tables): what each cell says, in both languages."""
    course = build_course(world, due_days_after_arrival=30)
    arrive(world, participant)
    enrolment = course.enrolments.get()
    url = reverse("learning:progress", args=[course.pk])
    ja = world.client_for("pa").get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    en = world.client_for("pa").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = (f'<tr><th scope="row"><a href="{enrolment.get_absolute_url()}">{participant}</a></th>'
           "<td>{}</td><td>0 / 2</td>")
    assert row.format("千代田区") in ja and row.format("Chiyoda, Tokyo") in en
    assert "<td>2026年8月26日</td>" in ja and "<td>Aug. 26, 2026</td>" in en  # 30 days after the arrival
    assert '<span class="tag tag--info" data-state="enrolled">受講登録済み</span></td></tr>' in ja


def _api_queries(world) -> tuple[int, int]:
    client = world.client_for("hq_staff")
    client.get("/api/v1/learning/enrolments")
    with CaptureQueriesContext(connection) as queries:
        found = client.get("/api/v1/learning/enrolments").json()
    return found["count"], len(queries)


def test_enrolments_api_queries_do_not_grow_with_rows(world, participant):
    build_course(world)
    arrive(world, participant)
    one = _api_queries(world)
    for n in (2, 3):
        arrive(world, place(world, jet_number=f"2026000000{n}", host=host_for(world, world.minato)))
    assert (one[0], _api_queries(world)) == (1, (3, one[1]))
