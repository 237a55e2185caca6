"""Every write of the requests app leaves its audit entry: who, and each field it changed (old and new)."""

from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kizuna.core.audit import SYSTEM, watch
from kizuna.requests import services
from kizuna.requests.demo import seed_requests_demo
from kizuna.requests.models import Attachment, Message, OfficeHours, Pause
from tests.audit_helpers import entries_of, logged

from .conftest import file_research, file_visit, to_office


def test_file_request_is_logged_with_its_fields(world):
    with watch():
        request = file_visit(world, title="監査の訪問")
    who, changes = logged(request, "requests.request.file")
    assert (who, changes["title"], changes["status"], changes["requester"]) == (
        world.people["municipality_staff"], [None, "監査の訪問"], [None, "open"], [None, world.chiyoda.pk])


def test_endorse_and_accept_are_logged_with_the_office(world):
    request = file_research(world)
    with watch():
        request = to_office(world, request)
    assert logged(request, "requests.request.endorse") == (world.people["branch_staff"],
                                                            {"status": ["awaiting_branch", "awaiting_hq"]})
    who, changes = logged(request, "requests.request.accept")
    assert (who, changes["status"], changes["office"]) == (world.people["hq_staff"], ["awaiting_hq", "open"],
                                                           [None, world.nyc.pk])


def test_decline_is_logged_with_its_reason(world, visit):
    with watch():
        services.decline_request(by=world.people["office_staff"], request=visit, reason="対象外")
    assert logged(visit, "requests.request.decline")[1] == {"status": ["open", "declined"], "reason": ["", "対象外"]}


def test_hand_over_is_logged_with_the_assignee(world, visit):
    colleague = world.people["office_staff"]
    with watch():
        services.hand_over_request(by=colleague, request=visit, assignee=colleague)
    assert logged(visit, "requests.request.hand_over")[1] == {"status": ["open", "open"],
                                                              "assignee": [None, colleague.pk]}


def test_post_message_logs_the_message_its_files_and_the_first_response(world, visit):
    with watch():
        message = services.post_message(by=world.people["office_staff"], request=visit, body="承知しました",
                                        files=[SimpleUploadedFile("a.txt", b"a")])
    assert logged(message, "requests.message.post")[1]["body"] == [None, "承知しました"]
    assert logged(Attachment.objects.get(message=message), "requests.attachment.add")[1]["name"] == [None, "a.txt"]
    assert list(logged(visit, "requests.request.first_response")[1]) == ["first_response_at"]


def test_wait_and_resume_log_the_pause(world, visit):
    with watch():
        services.wait_for_requester(by=world.people["office_staff"], request=visit, question="人数は？")
        services.resume_request(by=world.people["office_staff"], request=visit)
    pause = Pause.objects.get(request=visit)
    assert [e.additional_data["action"] for e in entries_of(pause)] == ["requests.pause.start",
                                                                        "requests.pause.end"]
    assert logged(visit, "requests.request.wait")[1]["status"] == ["open", "waiting"]
    assert logged(visit, "requests.request.resume")[1] == {"status": ["waiting", "open"]}


def test_answer_rate_and_publish_are_logged(world, research):
    request = to_office(world, research)
    with watch():
        request = services.answer_request(by=world.people["office_staff"], request=request, deliverable="回答")
        services.publish_research(by=world.people["office_staff"], request=request, publish=True, title="題",
                                  summary="要旨")
        services.rate_request(by=world.people["municipality_staff"], request=request, rating=5)
    assert logged(request, "requests.request.answer")[1]["deliverable"] == ["", "回答"]
    assert logged(request, "requests.request.publish")[1] == {
        "is_public": [False, True], "public_title": ["", "題"], "public_summary": ["", "要旨"]}
    assert logged(request, "requests.request.rate") == (world.people["municipality_staff"],
                                                        {"status": ["answered", "closed"], "rating": [None, 5]})


def test_withdraw_is_logged(world, visit):
    with watch():
        services.withdraw_request(by=world.people["municipality_staff"], request=visit, reason="中止")
    assert logged(visit, "requests.request.withdraw")[1] == {"status": ["open", "withdrawn"]}


def test_set_office_hours_is_logged_first_as_a_creation_then_as_a_change(world):
    with watch():
        hours = services.set_office_hours(by=world.people["office_staff"], office=world.nyc, opens=time(9),
                                          closes=time(17), weekdays=[0, 1, 2, 3, 4])
        services.set_office_hours(by=world.people["office_staff"], office=world.nyc, opens=time(8),
                                  closes=time(17), weekdays=[0, 1, 2, 3, 4])
    assert [e.additional_data["action"] for e in entries_of(hours)] == ["requests.officehours.set"] * 2
    assert entries_of(hours)[-1].changes == {"opens": ["09:00:00", "08:00:00"]}


def test_an_unlogged_write_in_a_service_is_caught(world, visit):
    with pytest.raises(Exception, match="without an audit entry"), watch():
        Message.objects.create(request=visit, author=world.people["office_staff"], body="記録なし")


@pytest.mark.django_db
def test_demo_office_hours_are_logged_as_the_system(world):
    with watch():
        seed_requests_demo()
    entry = entries_of(OfficeHours.objects.get(office=world.nyc))[0]
    assert (entry.additional_data["by"], entry.additional_data["demo"]) == ("system", True)
    assert SYSTEM.is_authenticated is False
