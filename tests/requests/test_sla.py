from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from kizuna.requests import queries, reminders, services, sla
from kizuna.requests.enums import DAY
from kizuna.requests.models import OfficeHours, Pause, Request
from tests.factories import arrange_update

NY = ZoneInfo("America/New_York")


def _at(request, when):
    arrange_update(Request.objects.filter(pk=request.pk), routed_at=when, submitted_at=when)
    request.refresh_from_db()
    return request


def _targets(request):
    return {t.label: t for t in sla.annotate([Request.objects.get(pk=request.pk)])[0].targets}


def test_targets_are_counted_in_office_hours_and_shown_in_jst(world, visit):
    _at(visit, datetime(2026, 11, 24, 16, 30, tzinfo=NY))  # Tuesday 16:30 New York
    first = _targets(visit)["first_response"]
    assert first.local == datetime(2026, 11, 25, 16, 30, tzinfo=NY)
    assert first.jst.isoformat() == "2026-11-26T06:30:00+09:00"


def test_targets_skip_the_offices_country_holiday(world, visit):
    _at(visit, datetime(2026, 11, 25, 16, 30, tzinfo=NY))  # Wednesday before Thanksgiving
    assert _targets(visit)["first_response"].local == datetime(2026, 11, 27, 16, 30, tzinfo=NY)


def test_targets_follow_the_office_settings(world, visit):
    OfficeHours.objects.create(office=world.nyc, opens=time(10), closes=time(18, 30), weekdays=[0, 1, 2, 3, 4, 5])
    _at(visit, datetime(2026, 11, 27, 18, 0, tzinfo=NY))  # Friday 18:00: Saturday is a working day here
    assert _targets(visit)["first_response"].local == datetime(2026, 11, 28, 18, 0, tzinfo=NY)


def test_resolution_is_paused_while_waiting_for_the_requester(world, visit):
    _at(visit, datetime(2026, 11, 23, 9, tzinfo=NY))
    before = _targets(visit)["resolution"].due
    Pause.objects.create(request=visit, started_at=datetime(2026, 11, 23, 10, tzinfo=NY),
                         ended_at=datetime(2026, 11, 24, 10, tzinfo=NY))
    assert _targets(visit)["resolution"].due - before == timedelta(days=1)
    Pause.objects.create(request=visit, started_at=datetime(2026, 11, 25, 10, tzinfo=NY))
    assert _targets(visit)["resolution"].state == "paused"


def test_overdue_request_is_flagged_in_the_queue_page(world, visit):
    _at(visit, timezone.now() - timedelta(days=10))
    page = world.client_for("office_staff").get(f"/requests/queues/{world.nyc.pk}/")
    assert page.context["requests"][0].overdue is True
    assert b'data-overdue="1"' in page.content


def test_first_response_met_is_not_overdue(world, visit):
    services.post_message(by=world.people["office_staff"], request=visit, body="承知しました")
    assert _targets(visit)["first_response"].state in {"met"}


def test_remind_due_mails_office_staff_about_overdue(world, visit, smtp_server,
                                                     django_capture_on_commit_callbacks):
    _at(visit, timezone.now() - timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind_due() == 1
    (sent,) = smtp_server.messages
    assert sent["to"] == ["office_staff@example.jp"]
    assert f"/requests/{visit.pk}/" in sent["message"].get_content()


def test_remind_due_skips_requests_not_yet_due(world, visit, smtp_server, django_capture_on_commit_callbacks):
    services.post_message(by=world.people["office_staff"], request=visit, body="承知しました")
    _at(visit, timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind_due() == 0
    assert smtp_server.messages == []


def test_remind_command_runs(world, visit):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("request_reminders", stdout=out)
    assert out.getvalue().startswith("reminders: ")


def test_due_targets_use_the_kinds_targets(world, visit):
    _at(visit, datetime(2026, 11, 23, 9, tzinfo=NY))
    assert DAY == int(8.5 * 3600)
    assert len(queries.due_for_reminder()) == 1
