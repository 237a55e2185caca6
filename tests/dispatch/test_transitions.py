from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from kizuna.core.workflow import TransitionError
from kizuna.dispatch import services
from kizuna.dispatch.enums import Status
from kizuna.dispatch.models import ExpertDate
from tests.audit_helpers import entries_of

from .conftest import DAY, ask, make_expert


def test_offer_by_hq_sets_expert_and_fee(world, requested, adviser):
    offered = services.offer_expert(by=world.people["hq_staff"], dispatch=requested, expert=adviser)
    assert (offered.status, offered.expert, offered.fee) == (Status.OFFERED, adviser, 30_000)


def test_offer_by_host_is_denied(world, requested, adviser):
    with pytest.raises(PermissionDenied):
        services.offer_expert(by=world.people["municipality_staff"], dispatch=requested, expert=adviser)


def test_offer_to_an_expert_who_cannot_go_is_refused(world, requested, adviser):
    ExpertDate.objects.create(expert=adviser, day=DAY, available=False)
    with pytest.raises(ValidationError) as caught:
        services.offer_expert(by=world.people["hq_staff"], dispatch=requested, expert=adviser)
    assert caught.value.code == "unavailable"
    requested.refresh_from_db()
    assert (requested.status, requested.expert) == (Status.REQUESTED, None)


def test_offer_to_an_expert_of_another_programme_is_refused(world, requested):
    other = make_expert(name="石川", programme="promotion")
    with pytest.raises(ValidationError):
        services.offer_expert(by=world.people["hq_staff"], dispatch=requested, expert=other)


def test_accept_by_the_expert_confirms(world, offered):
    assert services.respond_offer(by=world.people["expert"], dispatch=offered,
                                  accept=True).status == Status.CONFIRMED


def test_accept_by_another_person_is_denied(world, offered):
    with pytest.raises(PermissionDenied):
        services.respond_offer(by=world.people["hq_staff"], dispatch=offered, accept=True)


def test_decline_by_the_expert_returns_it_to_staff(world, offered):
    back = services.respond_offer(by=world.people["expert"], dispatch=offered, accept=False)
    assert (back.status, back.expert, back.fee) == (Status.REQUESTED, None, 0)


def test_decline_by_the_host_is_denied(world, offered):
    with pytest.raises(PermissionDenied):
        services.respond_offer(by=world.people["municipality_staff"], dispatch=offered, accept=False)


def test_accept_mails_host_and_expert_an_ics(world, offered, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_offer(by=world.people["expert"], dispatch=offered, accept=True)
    (sent,) = smtp_server.messages
    assert sent["to"] == ["expert@example.jp", "municipality_admin@example.jp", "municipality_staff@example.jp"]
    (ics,) = [p for p in sent["message"].iter_attachments() if p.get_content_type() == "text/calendar"]
    text = ics.get_content()
    text = text.decode() if isinstance(text, bytes) else text
    assert "DTSTART;VALUE=DATE:20261201" in text and "DTEND;VALUE=DATE:20261202" in text


def test_accept_mails_an_ics_folded_and_escaped(world, adviser, smtp_server, django_capture_on_commit_callbacks):
    theme = "外国人住民向け防災訓練の企画と運営, 多言語での避難所案内; 地域の日本語教室との連携について"
    offered = services.offer_expert(by=world.people["hq_staff"], dispatch=ask(world, theme=theme), expert=adviser)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond_offer(by=world.people["expert"], dispatch=offered, accept=True)
    (sent,) = smtp_server.messages
    (ics,) = [p for p in sent["message"].iter_attachments() if p.get_content_type() == "text/calendar"]
    raw = ics.get_payload(decode=True)
    vevent = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert (str(vevent["SUMMARY"]), vevent.decoded("DTSTART"), str(vevent["UID"])) == (
        theme, DAY, f"dispatch-{offered.pk}@kizuna")
    assert (max(len(line) for line in raw.split(b"\r\n")) <= 75, raw.endswith(b"END:VCALENDAR\r\n")) == (True, True)


def test_report_by_the_expert_splits_costs(world, confirmed):
    reported = services.file_report(by=world.people["expert"], dispatch=confirmed, report="研修", hours=6,
                                    travel_costs=20_000)
    assert (reported.status, reported.fee, reported.cost_clair, reported.cost_host) == (
        Status.REPORTED, 40_000, 60_000, 0)


def test_report_records_the_allowance_which_clair_pays_for_a_regional_adviser(world, confirmed):
    reported = services.file_report(by=world.people["expert"], dispatch=confirmed, report="研修", hours=3,
                                    travel_costs=20_000, allowance=6_000)
    assert (reported.allowance, reported.fee, reported.cost_clair, reported.cost_host) == (
        6_000, 30_000, 56_000, 0)


def test_report_with_a_negative_allowance_is_refused_and_changes_nothing(world, confirmed):
    with pytest.raises(ValidationError) as caught:
        services.file_report(by=world.people["expert"], dispatch=confirmed, report="研修", hours=3,
                             travel_costs=-1, allowance=-1)
    confirmed.refresh_from_db()
    assert sorted(caught.value.message_dict) == ["allowance", "travel_costs"]
    assert (confirmed.status, confirmed.allowance, confirmed.travel_costs) == (Status.CONFIRMED, 0, 0)


def test_report_without_content_is_refused(world, confirmed):
    with pytest.raises(ValidationError) as caught:
        services.file_report(by=world.people["expert"], dispatch=confirmed, report=" ", hours=2, travel_costs=0)
    assert caught.value.code == "incomplete_report"


def test_report_by_the_host_is_denied(world, confirmed):
    with pytest.raises(PermissionDenied):
        services.file_report(by=world.people["municipality_staff"], dispatch=confirmed, report="x", hours=1,
                             travel_costs=0)


def test_survey_by_the_host_completes(world, reported):
    done = services.answer_survey(by=world.people["municipality_staff"], dispatch=reported, rating=5)
    assert (done.status, done.rating) == (Status.COMPLETED, 5)


def test_survey_by_the_expert_is_denied(world, reported):
    with pytest.raises(PermissionDenied):
        services.answer_survey(by=world.people["expert"], dispatch=reported, rating=5)


def test_survey_bad_rating_is_refused(world, reported):
    with pytest.raises(ValidationError):
        services.answer_survey(by=world.people["municipality_staff"], dispatch=reported, rating=0)


def test_cancel_by_host(world, requested):
    assert services.cancel_dispatch(by=world.people["municipality_admin"],
                                    dispatch=requested).status == Status.CANCELLED


def test_cancel_by_the_expert_is_denied(world, offered):
    with pytest.raises(PermissionDenied):
        services.cancel_dispatch(by=world.people["expert"], dispatch=offered)


def test_cancel_after_report_is_refused(world, reported):
    with pytest.raises(TransitionError):
        services.cancel_dispatch(by=world.people["hq_staff"], dispatch=reported)


def test_accept_whose_calendar_cannot_be_built_leaves_it_offered_with_no_mail_queued(
        world, adviser, django_capture_on_commit_callbacks):
    last = date.max  # the last day a date can hold: the calendar's end (the day after) cannot be written
    offered = services.offer_expert(by=world.people["hq_staff"], dispatch=ask(world, starts_on=last, ends_on=last),
                                    expert=adviser)
    with django_capture_on_commit_callbacks() as queued, pytest.raises(ValidationError) as caught:
        services.respond_offer(by=world.people["expert"], dispatch=offered, accept=True)
    offered.refresh_from_db()
    assert (caught.value.code, offered.status, queued, entries_of(offered, "dispatch.dispatch.accept")) == (
        "no_calendar", Status.OFFERED, [], [])
