"""Interim reports (中間報告): scheduled from the call's dates at the decision (or one by one by headquarters), sent
by the grantee, accepted or returned by headquarters, reminded before they are due, overdue ones shown to staff
(issue #19, item 10)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kizuna.core import audit
from kizuna.grants import services
from kizuna.grants.models import Call, InterimReport
from kizuna.grants.services.interim import remind_interim_reports
from tests.audit_helpers import logged
from tests.factories import arrange_update

from .conftest import make_submitted
from .test_api import API, _post


def _dates(*days_from_today) -> list[str]:
    today = timezone.localdate()
    return [(today + timedelta(days=d)).isoformat() for d in days_from_today]


@pytest.fixture
def awarded(world, call):
    """Chiyoda's project awarded on a call that asks for interim reports in 14 and 60 days."""
    arrange_update(Call.objects.filter(pk=call.pk), interim_due_dates=_dates(60, 14))
    call.refresh_from_db()
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000})
    return a


def _first(application) -> InterimReport:
    return application.interim_reports.get(number=1)


def test_award_schedules_the_calls_interim_reports_in_date_order(awarded):
    rows = list(awarded.interim_reports.values_list("number", "due_on", "status"))
    today = timezone.localdate()
    assert rows == [(1, today + timedelta(days=14), "due"), (2, today + timedelta(days=60), "due")]


def test_award_on_a_call_without_dates_schedules_none(world, call):
    (a,) = make_submitted(world, call, 1)
    (a,) = services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 800_000})
    assert a.interim_reports.count() == 0


def test_submit_interim_report_by_the_grantee(world, awarded):
    report = services.submit_interim_report(by=world.people["municipality_staff"], report=_first(awarded),
                                            progress="研修の準備が完了した。", spent_to_date=200_000)
    assert (report.status, report.submitted_by, report.spent_to_date) == (
        "submitted", world.people["municipality_staff"], 200_000)


def test_submit_interim_report_denied_to_headquarters(world, awarded):
    with pytest.raises(PermissionDenied):
        services.submit_interim_report(by=world.people["hq_staff"], report=_first(awarded), progress="x")


def test_submit_interim_report_without_progress_is_refused_beside_the_field(world, awarded):
    with pytest.raises(ValidationError) as excinfo:
        services.submit_interim_report(by=world.people["municipality_staff"], report=_first(awarded),
                                       progress="  ")
    assert (list(excinfo.value.error_dict), _first(awarded).status) == (["progress"], "due")


def test_accept_interim_report_by_headquarters_is_audited(world, awarded):
    report = services.submit_interim_report(by=world.people["municipality_staff"], report=_first(awarded),
                                            progress="順調")
    with audit.watch():
        accepted = services.answer_interim_report(by=world.people["hq_staff"], report=report, accept=True)
    by, changes = logged(accepted, "grants.interimreport.accept")
    assert (accepted.status, by, changes["status"]) == ("accepted", world.people["hq_staff"],
                                                        ["submitted", "accepted"])


def test_accept_interim_report_denied_to_branch_staff(world, awarded):
    report = services.submit_interim_report(by=world.people["municipality_staff"], report=_first(awarded),
                                            progress="順調")
    with pytest.raises(PermissionDenied):
        services.answer_interim_report(by=world.people["branch_staff"], report=report, accept=True)


def test_return_interim_report_needs_a_comment_and_can_be_sent_again(world, awarded):
    staff, hq = world.people["municipality_staff"], world.people["hq_staff"]
    report = services.submit_interim_report(by=staff, report=_first(awarded), progress="順調")
    with pytest.raises(ValidationError):
        services.answer_interim_report(by=hq, report=report, accept=False, comment="")
    returned = services.answer_interim_report(by=hq, report=report, accept=False, comment="支出額を記入してください")
    again = services.submit_interim_report(by=staff, report=returned, progress="順調", spent_to_date=300_000)
    assert (returned.comment, again.status) == ("支出額を記入してください", "submitted")


def test_accept_interim_report_not_yet_submitted_is_refused(world, awarded):
    with pytest.raises(ValidationError):
        services.answer_interim_report(by=world.people["hq_staff"], report=_first(awarded), accept=True)


def test_schedule_interim_report_on_an_award(world, awarded):
    due = timezone.localdate() + timedelta(days=90)
    report = services.schedule_interim_report(by=world.people["hq_staff"], application=awarded, due_on=due)
    assert (report.number, report.due_on, report.status) == (3, due, "due")


def test_schedule_interim_report_in_the_past_is_refused_beside_the_field(world, awarded):
    with pytest.raises(ValidationError) as excinfo:
        services.schedule_interim_report(by=world.people["hq_staff"], application=awarded,
                                         due_on=timezone.localdate())
    assert list(excinfo.value.error_dict) == ["due_on"]


def test_schedule_interim_report_denied_to_the_grantee(world, awarded):
    with pytest.raises(PermissionDenied):
        services.schedule_interim_report(by=world.people["municipality_staff"], application=awarded,
                                         due_on=timezone.localdate() + timedelta(days=5))


def test_schedule_interim_report_on_an_undecided_application_is_refused(world, submitted):
    with pytest.raises(ValidationError):
        services.schedule_interim_report(by=world.people["hq_staff"], application=submitted,
                                         due_on=timezone.localdate() + timedelta(days=5))


def test_interim_reminder_goes_14_days_before_and_not_once_sent(world, awarded, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = remind_interim_reports(today=today)
        repeated = remind_interim_reports(today=today)
    services.submit_interim_report(by=world.people["municipality_staff"], report=_first(awarded), progress="順調")
    assert (sent, repeated, len(mail.outbox), awarded.title in mail.outbox[0].subject,
            remind_interim_reports(today=today + timedelta(days=11))) == (1, 0, 1, True, 0)


def test_interim_report_submitted_in_pages(world, awarded):
    report = _first(awarded)
    response = world.client_for("municipality_admin").post(
        reverse("grants:interim_submit", args=[awarded.pk, report.pk]),
        {"progress": "参加者募集を開始した。", "spent_to_date": "120,000"})
    report.refresh_from_db()
    assert (response.status_code, report.status, report.spent_to_date) == (302, "submitted", 120_000)


def test_interim_report_page_refuses_empty_progress_beside_the_field(world, awarded):
    report = _first(awarded)
    response = world.client_for("municipality_staff").post(
        reverse("grants:interim_submit", args=[awarded.pk, report.pk]), {"progress": ""})
    assert (response.status_code, 'id="id_progress_error"' in response.content.decode()) == (400, True)


def test_interim_report_page_forbidden_to_another_municipality(world, awarded):
    report = _first(awarded)
    response = world.client_for("other_municipality_staff").get(
        reverse("grants:interim_submit", args=[awarded.pk, report.pk]))
    assert response.status_code == 404


def test_interim_report_answered_in_pages(world, awarded):
    report = services.submit_interim_report(by=world.people["municipality_staff"], report=_first(awarded),
                                            progress="順調")
    response = world.client_for("hq_staff").post(reverse("grants:interim_answer", args=[awarded.pk, report.pk]),
                                                 {"accept": "yes", "comment": ""})
    report.refresh_from_db()
    assert (response.status_code, report.status) == (302, "accepted")


def test_application_page_shows_the_interim_reports_and_their_actions(world, awarded):
    grantee = world.client_for("municipality_staff").get(awarded.get_absolute_url()).content.decode()
    staff = world.client_for("hq_staff").get(awarded.get_absolute_url()).content.decode()
    submit_url = reverse("grants:interim_submit", args=[awarded.pk, _first(awarded).pk])
    assert (grantee.count('data-testid="interim-report"'), submit_url in grantee, submit_url in staff,
            reverse("grants:interim_add", args=[awarded.pk]) in staff) == (2, True, False, True)


def test_overdue_interim_reports_listed_for_staff_first(world, awarded):
    late = _first(awarded)
    arrange_update(InterimReport.objects.filter(pk=late.pk), due_on=timezone.localdate() - timedelta(days=3))
    response = world.client_for("hq_staff").get(reverse("grants:interim_reports"))
    page = response.content.decode()
    assert (response.status_code, page.count('data-testid="overdue"'),
            page.index(awarded.title) < page.index('data-testid="overdue"')) == (200, 1, True)


def test_overdue_interim_reports_count_on_the_staff_home_page(world, awarded):
    arrange_update(InterimReport.objects.filter(pk=_first(awarded).pk),
                   due_on=timezone.localdate() - timedelta(days=3))
    page = world.client_for("hq_staff").get("/").content.decode()
    assert reverse("grants:interim_reports") in page


def test_interim_reports_list_forbidden_to_the_grantee(world, awarded):
    response = world.client_for("municipality_staff").get(reverse("grants:interim_reports"))
    assert response.status_code == 403


def test_interim_reports_list_query_count_is_flat(world, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for("hq_staff")
    arrange_update(Call.objects.filter(pk=call.pk), interim_due_dates=_dates(10))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("grants:interim_reports")).status_code == 200
        return len(ctx.captured_queries)

    (a,) = make_submitted(world, call, 1)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 100_000})
    one = count()
    more = make_submitted(world, call, 2)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={m.pk: 100_000 for m in more})
    assert count() == one


def test_interim_reports_through_the_api(world, awarded):
    grantee, hq = world.client_for("municipality_staff"), world.client_for("hq_staff")
    listed = grantee.get(f"{API}/applications/{awarded.pk}/interim-reports").json()
    report_id = listed[0]["id"]
    sent = _post(grantee, f"{API}/applications/{awarded.pk}/interim-reports/{report_id}/submit",
                 {"progress": "順調", "spent_to_date": 50_000})
    answered = _post(hq, f"{API}/applications/{awarded.pk}/interim-reports/{report_id}/answer",
                     {"accept": False, "comment": "写真を添付してください"})
    assert ([r["status"] for r in listed], sent.json()["status"], answered.json()["status"]) == (
        ["due", "due"], "submitted", "returned")


def test_interim_report_refused_by_the_api_in_japanese(world, awarded):
    response = _post(world.client_for("municipality_staff"),
                     f"{API}/applications/{awarded.pk}/interim-reports/{_first(awarded).pk}/submit",
                     {"progress": ""}, language="ja")
    assert (response.status_code, "進捗" in response.json()["detail"]) == (422, True)


def test_call_interim_dates_are_set_on_the_calls_page(world, call):
    response = world.client_for("hq_staff").post(reverse("grants:call_edit", args=[call.pk]), {
        "scheme": call.scheme_id, "fiscal_year": 2026, "title": call.title,
        "opens_at": timezone.localtime(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(call.closes_at).strftime("%Y-%m-%dT%H:%M"), "envelope": call.envelope,
        "is_published": "on", "interim_due_dates": "2026-12-25\n2026-10-01"})
    call.refresh_from_db()
    assert (response.status_code, call.interim_due_dates) == (302, ["2026-10-01", "2026-12-25"])


def test_call_interim_dates_garbled_are_refused_beside_the_field(world, call):
    response = world.client_for("hq_staff").post(reverse("grants:call_edit", args=[call.pk]), {
        "scheme": call.scheme_id, "fiscal_year": 2026, "title": call.title,
        "opens_at": timezone.localtime(call.opens_at).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": timezone.localtime(call.closes_at).strftime("%Y-%m-%dT%H:%M"), "envelope": call.envelope,
        "interim_due_dates": "来月"})
    assert (response.status_code, 'id="id_interim_due_dates_error"' in response.content.decode()) == (400, True)
