"""The job board and mentoring: postings by companies, local governments and chapters with expiry; alumni who
mentor participants, who ask, and the emails shared only once a mentor accepts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kizuna.alumni import board
from kizuna.alumni.models import JobPosting, MentoringRequest
from tests.jet.access import _arrived, _participant

from .conftest import alumnus, chapter_for


def _post(world, who="municipality_staff", organisation=None, **fields):
    values = {"kind": "job", "title": "Translator", "description": "Translate the city's guides.",
              "place": "Tokyo", "apply_url": "https://example.jp/apply", "contact_email": "",
              "expires_on": timezone.localdate() + timedelta(days=30), **fields}
    return board.post_job(by=world.people[who], organisation=organisation or world.chiyoda, **values)


def test_companies_local_governments_and_chapters_post_and_postings_expire(world):
    chapter_for(world)
    city = _post(world)
    chapter = _post(world, who="chapter_officer", organisation=world.jetaa, kind="internship", title="Events intern")
    with pytest.raises(ValidationError):
        _post(world, who="chapter_officer", organisation=world.chiyoda)  # not their organisation
    with pytest.raises(PermissionDenied):
        _post(world, who="jet")
    with pytest.raises(ValidationError) as refused:
        _post(world, apply_url="", contact_email="")
    assert "where to apply" in str(refused.value)
    with pytest.raises(ValidationError):
        _post(world, expires_on=timezone.localdate() - timedelta(days=1))
    page = world.client_for("alumnus").get("/alumni/jobs/").content.decode()
    assert "Translator" in page and "Events intern" in page
    # an expired posting leaves the list (the poster still sees it among theirs)
    from kizuna.core.audit import unlogged

    with unlogged("time passes"):
        JobPosting.objects.filter(pk=city.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert "Translator" not in world.client_for("alumnus").get("/alumni/jobs/").content.decode()
    assert "Translator" in world.client_for("municipality_staff").get("/alumni/jobs/?mine=1").content.decode()
    assert [j["title"] for j in world.client_for("jet").get("/api/v1/alumni/jobs").json()["items"]] == [
        "Events intern"]
    with pytest.raises(PermissionDenied):
        board.close_job(by=world.people["municipality_staff"], job=chapter)
    board.close_job(by=world.people["chapter_officer"], job=chapter)
    assert world.client_for("alumnus").get(f"/alumni/jobs/{chapter.pk}/").status_code == 404


def test_the_job_form_refuses_beside_the_field_and_saves_nothing(world):
    response = world.client_for("municipality_staff").post("/alumni/jobs/new/", {
        "organisation": world.chiyoda.pk, "kind": "job", "title": "X", "description": "Y", "place": "Z",
        "apply_url": "", "contact_email": "", "expires_on": (timezone.localdate() + timedelta(days=5)).isoformat()})
    assert response.status_code == 400 and "id_apply_url_error" in response.content.decode()
    assert not JobPosting.objects.exists()


def test_a_participant_asks_a_mentor_who_accepts_and_both_see_each_others_email(
        world, smtp_server, django_capture_on_commit_callbacks):
    daniel = alumnus(world, "Daniel Brooks", person=world.people["alumnus"], email="dan@example.org",
                     chapter=chapter_for(world))
    mentor = board.offer_mentoring(by=world.people["alumnus"], topics="Careers in Japan", languages="English")
    with pytest.raises(PermissionDenied):
        board.offer_mentoring(by=world.people["municipality_staff"], topics="x", languages="y")
    participant = _arrived(world, _participant(world))
    client = world.client_for("jet")
    assert "Daniel Brooks" in client.get("/alumni/mentors/").content.decode()
    assert client.post(f"/alumni/mentors/{mentor.pk}/ask/", {"message": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/alumni/mentors/{mentor.pk}/ask/",
                           {"message": "I would like to stay in Japan."}).status_code == 302
    request = MentoringRequest.objects.get()
    assert request.participant == participant and request.status == "requested"
    assert [m["to"] for m in smtp_server.messages] == [["dan@example.org"]]
    assert participant.email not in smtp_server.messages[0]["message"].get_content()
    with pytest.raises(ValidationError):
        board.ask_mentor(by=world.people["jet"], mentor=mentor, message="Again")
    # the mentor's address is not on the participant's page before they accept
    assert "dan@example.org" not in client.get("/alumni/mentoring/").content.decode()
    with pytest.raises(PermissionDenied):
        board.answer_mentoring(by=world.people["jet"], request=request, accept=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert world.client_for("alumnus").post(f"/alumni/mentoring/{request.pk}/answer/accept/").status_code == 302
    assert "dan@example.org" in smtp_server.messages[-1]["message"].get_content()
    assert "dan@example.org" in client.get("/alumni/mentoring/").content.decode()
    assert participant.email in world.client_for("alumnus").get("/alumni/mentoring/").content.decode()
    assert daniel.pk == mentor.alumnus_id


def test_only_participants_in_the_programme_ask_and_unavailable_mentors_are_not_asked(world):
    alumnus(world, "Daniel Brooks", person=world.people["alumnus"])
    mentor = board.offer_mentoring(by=world.people["alumnus"], topics="Teaching", languages="English",
                                   is_available=False)
    _arrived(world, _participant(world))
    with pytest.raises(PermissionDenied):
        board.ask_mentor(by=world.people["jet"], mentor=mentor, message="Hello")
    with pytest.raises(PermissionDenied):
        board.ask_mentor(by=world.people["municipality_staff"], mentor=mentor, message="Hello")
    assert world.client_for("municipality_staff").get("/alumni/mentors/").status_code == 403
