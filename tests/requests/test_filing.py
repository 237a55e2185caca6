from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kizuna.core.models import CoveredCountry
from kizuna.requests import services
from kizuna.requests.enums import Kind, Status
from kizuna.requests.models import Message, Request

from .conftest import file_research, file_visit


def test_file_request_visit_goes_to_the_office_covering_the_country(world):
    request = file_visit(world)
    assert (request.status, request.office, request.branch) == (Status.OPEN, world.nyc, None)
    assert request.routed_at is not None


def test_file_request_research_goes_to_the_municipalitys_branch(world):
    request = file_research(world)
    assert (request.status, request.branch, request.office) == (Status.AWAITING_BRANCH, world.tokyo_branch, None)
    assert request.routed_at is None


def test_file_request_missing_what_the_kind_needs_is_refused_field_by_field(world):
    with pytest.raises(ValidationError) as caught:
        services.file_request(by=world.people["municipality_staff"], requester=world.chiyoda, kind=Kind.VISIT,
                              data={"title": "t", "description": "d", "country": "US"})
    assert sorted(caught.value.error_dict) == ["ends_on", "people", "purpose", "starts_on"]
    assert Request.objects.count() == 0


def test_file_request_end_before_start_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        file_visit(world, starts_on=date(2026, 12, 5), ends_on=date(2026, 12, 1))
    assert list(caught.value.error_dict) == ["ends_on"]


def test_file_request_country_without_office_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        file_visit(world, country="BR")
    assert caught.value.error_dict["country"][0].code == "no_office"
    assert Request.objects.count() == 0


def test_file_request_research_without_branch_is_refused_with_nothing_saved(world):
    world.chiyoda.prefecture = None
    world.chiyoda.parent = None
    world.chiyoda.save()
    with pytest.raises(ValidationError) as caught:
        file_research(world)
    assert caught.value.code == "no_branch"
    assert Request.objects.count() == 0


def test_file_request_too_large_file_saves_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.pdf", b"x")
    big.size = services.MAX_FILE_BYTES + 1
    with pytest.raises(ValidationError):
        services.file_request(by=world.people["municipality_staff"], requester=world.chiyoda, kind=Kind.REMOTE,
                              data={"title": "t", "description": "d", "country": "US", "purpose": "PR"},
                              files=[big])
    assert (Request.objects.count(), Message.objects.count()) == (0, 0)


def test_file_request_by_office_staff_is_denied(world):
    with pytest.raises(PermissionDenied):
        services.file_request(by=world.people["office_staff"], requester=world.chiyoda, kind=Kind.REMOTE,
                              data={"title": "t", "description": "d", "country": "US", "purpose": "PR"})


def test_file_request_for_another_municipality_is_denied(world):
    with pytest.raises(PermissionDenied):
        services.file_request(by=world.people["municipality_staff"], requester=world.minato, kind=Kind.REMOTE,
                              data={"title": "t", "description": "d", "country": "US", "purpose": "PR"})


def test_file_request_mails_the_office_with_a_link(world, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = file_visit(world)
    (sent,) = smtp_server.messages
    assert sent["to"] == ["office_staff@example.jp"]
    assert f"/requests/{request.pk}/" in sent["message"].get_content()


def test_file_request_research_mails_the_branch(world, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file_research(world)
    assert [m["to"] for m in smtp_server.messages] == [["branch_staff@example.jp"]]


def test_file_request_lowercase_country_is_routed(world):
    CoveredCountry.objects.create(office=world.nyc, country="CA")
    assert file_visit(world, country="ca").country == "CA"


def test_an_answer_date_in_the_past_is_refused_and_nothing_saved(world):
    from datetime import timedelta

    with pytest.raises(ValidationError) as caught:
        services.file_request(
            by=world.people["municipality_staff"], requester=world.chiyoda, kind=Kind.RESEARCH,
            data={"title": "t", "description": "d", "country": "US", "questions": "q", "theme": "防災",
                  "wanted_by": date.today() - timedelta(days=1)})
    assert caught.value.message_dict == {"wanted_by": ["過去の日付です。今日以降の日付を選んでください。"]}
    assert Request.objects.count() == 0


def test_the_requester_is_told_when_the_branch_endorses_and_when_the_office_takes_it(
        world, smtp_server, django_capture_on_commit_callbacks):
    from kizuna.requests import sla

    request = file_research(world)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.endorse_request(by=world.people["branch_staff"], request=request)
    to_requester = [m for m in smtp_server.messages if "municipality_staff@example.jp" in m["to"]]
    assert len(to_requester) == 1 and "本部に送られました" in to_requester[0]["message"].get_content()
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.accept_request(by=world.people["hq_staff"], request=request, office=world.nyc)
    (mail,) = [m for m in smtp_server.messages if "municipality_staff@example.jp" in m["to"]]
    expected = sla.expected_answer(request).astimezone(sla.JST).date().isoformat()
    text = mail["message"].get_content()
    assert "クレア ニューヨーク事務所" in text and expected in text
