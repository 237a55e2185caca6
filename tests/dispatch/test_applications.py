"""Applications to join the expert bank: the applicant's form and files, the states and who may move them,
headquarters' vetting and decisions (mailed), acceptance making the expert, pages, lists and the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.core.audit import watch
from kizuna.core.models import User
from kizuna.core.workflow import TransitionError
from kizuna.dispatch import applying
from kizuna.dispatch.models import ApplicationFile, Expert, ExpertApplication
from tests.audit_helpers import entry_of
from tests.factories import arrange_update

from .access import APPLICATION, png_bytes

API = "/api/v1/dispatch/applications"
FORM = {"name": "山田 花子", "name_kana": "やまだ はなこ", "affiliation": "元 宮城県庁",
        "career": "県庁で国際交流を20年", "programmes": ["regional"], "fields": ["国際交流", "防災"],
        "languages": "ja, en", "onsite": "on",
        "online": "on", "fee_expectation": "12,000", "profile": "防災と国際交流", "references": "佐藤 一郎（宮城県）",
        "consent": "on", "submit": "1"}


def _png(name="certificate.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def _apply(world, role="alumnus", submit=True, **data):
    return applying.save_application(by=world.people[role], data={**APPLICATION, **data}, submit=submit)


@pytest.fixture
def submitted(world):
    return _apply(world)


@pytest.fixture
def in_review(world, submitted):
    return applying.start_review(by=world.people["hq_staff"], application=submitted)


@pytest.fixture
def checked(world, in_review):
    return applying.vet_application(by=world.people["hq_staff"], application=in_review, data={
        "review_notes": "確認済み", "identity_checked": True, "references_checked": True, "conflict_checked": True})


# --- the applicant ------------------------------------------------------------------------------------------------


def test_apply_page_saves_and_submits_with_a_certificate(world):
    response = world.client_for("alumnus").post(reverse("dispatch:apply"), {**FORM, "files": [_png()]})
    found = ExpertApplication.objects.get()
    assert (response.status_code, response["Location"]) == (302, found.get_absolute_url())
    assert (found.status, found.person, found.languages, found.fee_expectation, found.fields, found.consent) == (
        "submitted", world.people["alumnus"], ["ja", "en"], 12_000, ["国際交流", "防災"], True)
    assert list(found.files.values_list("name", "content_type")) == [("certificate.png", "image/png")]


def test_apply_page_saves_a_draft_without_the_rest(world):
    response = world.client_for("alumnus").post(reverse("dispatch:apply"), {"name": "山田 花子", "draft": "1"})
    assert (response.status_code, ExpertApplication.objects.get().status) == (302, "draft")


def test_apply_page_submission_incomplete_saves_nothing_and_says_why_beside_the_fields(world):
    response = world.client_for("alumnus").post(reverse("dispatch:apply"), {
        **FORM, "consent": "", "programmes": [], "files": [_png()]})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (errors["consent"], errors["programmes"]) == (
        ["公開への同意がなければ申請を提出できません。"], ["事業を1つ以上選んでください。"])
    assert (ExpertApplication.objects.count(), ApplicationFile.objects.count()) == (0, 0)


def test_apply_page_with_a_fake_file_saves_nothing_and_names_it(world):
    fake = SimpleUploadedFile("passport.png", b"not an image", content_type="image/png")
    response = world.client_for("alumnus").post(reverse("dispatch:apply"), {**FORM, "files": [_png(), fake]})
    assert response.status_code == 400
    assert "passport.png" in response.context["form"].errors["files"][0]
    assert (ExpertApplication.objects.count(), ApplicationFile.objects.count()) == (0, 0)


def test_apply_refuses_an_unknown_field_and_a_bad_language(world):
    with pytest.raises(ValidationError) as refused:
        _apply(world, fields=["宇宙開発"], languages=["japanese"])
    assert sorted(refused.value.message_dict) == ["fields", "languages"]
    assert ExpertApplication.objects.count() == 0


def test_apply_page_asks_anonymous_people_to_log_in_or_sign_up(client):
    response = client.get(reverse("dispatch:apply"))
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/dispatch/apply/")


def test_one_open_application_at_a_time(world, submitted):
    with pytest.raises(ValidationError) as refused:
        _apply(world)
    assert refused.value.code == "open"
    response = world.client_for("alumnus").get(reverse("dispatch:apply"))
    assert (response.status_code, response["Location"]) == (302, submitted.get_absolute_url())


def test_submit_is_audited_with_the_state(world):
    with watch():
        found = _apply(world)
    assert entry_of(found, "dispatch.expertapplication.submit").changes["status"] == ["draft", "submitted"]


def test_submit_of_someone_elses_draft_is_denied(world):
    draft = _apply(world, submit=False)
    with pytest.raises(PermissionDenied):
        applying.save_application(by=world.people["jet"], application=draft, data={}, submit=True)


def test_edit_page_is_closed_once_submitted(world, submitted):
    response = world.client_for("alumnus").get(reverse("dispatch:application_edit", args=[submitted.pk]))
    assert response.status_code == 404


def test_the_applicant_withdraws_after_a_confirmation_and_may_apply_again(world, in_review):
    alumnus = world.client_for("alumnus")
    page = alumnus.get(in_review.get_absolute_url()).content.decode()
    assert 'data-testid="withdraw"' in page and "<details" in page  # asked first, not one click
    with watch():
        response = alumnus.post(reverse("dispatch:application_withdraw", args=[in_review.pk]))
    in_review.refresh_from_db()
    assert (response.status_code, response["Location"], in_review.status) == (
        302, in_review.get_absolute_url(), "withdrawn")
    assert entry_of(in_review, "dispatch.expertapplication.withdraw").changes["status"] == [
        "under_review", "withdrawn"]
    assert 'data-testid="withdraw"' not in alumnus.get(in_review.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError) as closed:
        applying.vet_application(by=world.people["hq_staff"], application=in_review, data={"review_notes": "x"})
    assert closed.value.code == "decided"
    assert _apply(world).status == "submitted"  # a new application, the withdrawn one kept


def test_only_the_applicant_withdraws_and_only_before_the_decision(world, checked):
    hq = world.client_for("hq_staff")
    assert hq.post(reverse("dispatch:application_withdraw", args=[checked.pk])).status_code in (403, 404)
    applying.accept_application(by=world.people["hq_staff"], application=checked, programme="regional",
                                hourly_fee=10_000)
    late = world.client_for("alumnus").post(f"{API}/{checked.pk}/withdrawal")
    checked.refresh_from_db()
    assert (late.status_code, checked.status) == (404, "accepted")


def test_api_withdraws(world, submitted):
    response = world.client_for("alumnus").post(f"{API}/{submitted.pk}/withdrawal")
    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")


# --- the states -------------------------------------------------------------------------------------------------


def test_start_review_by_headquarters(world, submitted):
    assert applying.start_review(by=world.people["hq_staff"], application=submitted).status == "under_review"


def test_start_review_by_a_branch_is_denied(world, submitted):
    with pytest.raises(PermissionDenied):
        applying.start_review(by=world.people["branch_staff"], application=submitted)


def test_start_review_of_a_draft_is_refused(world):
    with pytest.raises(TransitionError):
        applying.start_review(by=world.people["hq_staff"], application=_apply(world, submit=False))


def test_return_needs_a_reason_and_mails_it(world, in_review, smtp_server, django_capture_on_commit_callbacks):
    with pytest.raises(ValidationError):
        applying.return_application(by=world.people["hq_staff"], application=in_review, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        returned = applying.return_application(by=world.people["hq_staff"], application=in_review,
                                               reason="推薦者の連絡先を加えてください")
    (sent,) = smtp_server.messages
    assert (returned.status, sent["to"]) == ("returned", ["alumnus@example.jp"])
    assert "推薦者の連絡先を加えてください" in sent["message"].get_content()


def test_returned_application_is_edited_and_resubmitted_by_the_applicant(world, in_review):
    applying.return_application(by=world.people["hq_staff"], application=in_review, reason="実績を詳しく")
    response = world.client_for("alumnus").post(reverse("dispatch:application_edit", args=[in_review.pk]), {
        **FORM, "career": "県庁で国際交流を20年、JET受入れ担当5年"})
    found = ExpertApplication.objects.get()
    assert (response.status_code, found.status, found.career) == (
        302, "resubmitted", "県庁で国際交流を20年、JET受入れ担当5年")
    assert applying.start_review(by=world.people["hq_staff"], application=found).status == "under_review"


def test_decline_mails_the_reason_in_the_applicants_language(world, in_review, smtp_server,
                                                             django_capture_on_commit_callbacks):
    arrange_update(User.objects.filter(pk=world.people["alumnus"].pk), preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        applying.decline_application(by=world.people["hq_staff"], application=in_review, reason="Out of scope")
    (sent,) = smtp_server.messages
    assert sent["message"]["subject"].endswith("Your application to the expert bank: Declined")
    assert "Out of scope" in sent["message"].get_content()


# --- acceptance -------------------------------------------------------------------------------------------------


def test_accept_creates_the_expert_from_the_application_and_mails(world, checked, smtp_server,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accepted = applying.accept_application(by=world.people["hq_staff"], application=checked,
                                               programme="regional", hourly_fee=10_000, reason="ようこそ")
    expert = Expert.objects.get(person=world.people["alumnus"])
    assert (accepted.status, accepted.expert, expert.name, expert.programme, expert.fields, expert.languages,
            expert.hourly_fee, expert.bio) == (
        "accepted", expert, "sample applicant", "regional", ["国際交流"], ["ja", "en"], 10_000,
        "県庁で20年、国際交流を担当")
    (sent,) = smtp_server.messages
    assert "ようこそ" in sent["message"].get_content()


def test_accept_updates_the_persons_existing_expert(world, checked):
    existing = Expert.objects.create(person=world.people["alumnus"], name="旧名", programme="promotion",
                                     is_active=False)
    applying.accept_application(by=world.people["hq_staff"], application=checked, programme="regional",
                                hourly_fee=9_000)
    existing.refresh_from_db()
    assert (Expert.objects.count(), existing.name, existing.programme, existing.is_active) == (
        1, "sample applicant", "regional", True)


def test_accept_without_the_checklist_leaves_no_expert(world, in_review):
    with pytest.raises(ValidationError):
        applying.accept_application(by=world.people["hq_staff"], application=in_review, programme="regional",
                                    hourly_fee=10_000)
    assert (Expert.objects.count(), ExpertApplication.objects.get().status) == (0, "under_review")


def test_accept_for_a_programme_not_applied_for_is_refused(world, checked):
    with pytest.raises(ValidationError) as refused:
        applying.accept_application(by=world.people["hq_staff"], application=checked, programme="cooperation",
                                    hourly_fee=10_000)
    assert list(refused.value.message_dict) == ["programme"]
    assert Expert.objects.count() == 0


def test_accept_by_the_applicant_is_denied(world, checked):
    with pytest.raises(PermissionDenied):
        applying.accept_application(by=world.people["alumnus"], application=checked, programme="regional",
                                    hourly_fee=10_000)
    assert Expert.objects.count() == 0


# --- headquarters' pages ----------------------------------------------------------------------------------------


def test_decide_page_accepts(world, checked):
    response = world.client_for("hq_staff").post(reverse("dispatch:application_decide", args=[checked.pk]), {
        "action": "accept", "programme": "regional", "hourly_fee": "10,000", "reason": ""})
    assert (response.status_code, ExpertApplication.objects.get().status) == (302, "accepted")
    assert Expert.objects.get().person == world.people["alumnus"]


def test_decide_page_return_without_reason_is_400_beside_the_field(world, in_review):
    response = world.client_for("hq_staff").post(reverse("dispatch:application_decide", args=[in_review.pk]), {
        "action": "return", "reason": ""})
    assert response.status_code == 400
    assert response.context["decision"].errors["reason"] == ["理由を書いてください。理由は申請者にメールで送られます。"]
    assert ExpertApplication.objects.get().status == "under_review"


def test_vet_page_saves_the_checklist_and_hides_the_notes_from_the_applicant(world, in_review):
    response = world.client_for("hq_staff").post(reverse("dispatch:application_vet", args=[in_review.pk]), {
        "review_notes": "内部メモ：推薦者に電話済み", "identity_checked": "on"})
    found = ExpertApplication.objects.get()
    assert (response.status_code, found.identity_checked, found.references_checked) == (302, True, False)
    mine = world.client_for("alumnus").get(found.get_absolute_url()).content.decode()
    theirs = world.client_for("hq_staff").get(found.get_absolute_url()).content.decode()
    assert ("推薦者に電話済み" in mine, "推薦者に電話済み" in theirs) == (False, True)


def test_application_of_another_person_is_404(world, submitted):
    response = world.client_for("jet").get(submitted.get_absolute_url())
    assert response.status_code == 404


def test_list_counts_each_state_and_filters(world, submitted):
    _apply(world, role="jet", submit=False)
    response = world.client_for("hq_staff").get(reverse("dispatch:applications"), {"status": "submitted"})
    counts = {value: n for value, _label, n in response.context["counts"]}
    assert (counts["submitted"], counts["draft"], counts["accepted"], response.context["total"]) == (1, 1, 0, 2)
    assert [a.pk for a in response.context["applications"]] == [submitted.pk]


def test_list_filters_by_programme(world, submitted):
    _apply(world, role="jet", programmes=["promotion"])
    response = world.client_for("hq_staff").get(reverse("dispatch:applications"), {"programme": "promotion"})
    assert [a.person for a in response.context["applications"]] == [world.people["jet"]]


def test_list_is_not_for_the_branches(world):
    assert world.client_for("branch_staff").get(reverse("dispatch:applications")).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_rows(world, submitted):
    client = world.client_for("hq_staff")
    one = (_queries(client, reverse("dispatch:applications")), _queries(client, API))
    for role in ("jet", "pa"):
        _apply(world, role=role)
    assert (_queries(client, reverse("dispatch:applications")), _queries(client, API)) == one


def test_file_is_served_to_the_applicant_and_headquarters_only(world):
    found = applying.save_application(by=world.people["alumnus"], data=APPLICATION, files=[_png()])
    url = found.files.get().get_absolute_url()
    statuses = [world.client_for(role).get(url).status_code for role in ("alumnus", "hq_staff", "jet", "branch_staff")]
    assert statuses == [200, 200, 404, 404]


# --- the API ----------------------------------------------------------------------------------------------------


def test_api_applies_and_headquarters_decides(world):
    created = world.client_for("jet").post(API, {**APPLICATION, "submit": True}, content_type="application/json")
    pk = created.json()["id"]
    hq = world.client_for("hq_staff")
    review = hq.post(f"{API}/{pk}/decision", {"action": "review"}, content_type="application/json")
    returned = hq.post(f"{API}/{pk}/decision", {"action": "return", "reason": "経歴を詳しく"},
                       content_type="application/json")
    mine = world.client_for("jet").get(f"{API}/mine").json()
    assert (created.status_code, review.json()["status"], returned.json()["status"]) == (200, "under_review",
                                                                                          "returned")
    assert [(a["id"], a["status"], a["decision_reason"]) for a in mine] == [(pk, "returned", "経歴を詳しく")]
    assert "review_notes" not in mine[0]


def test_api_resubmits_a_returned_application(world, in_review):
    applying.return_application(by=world.people["hq_staff"], application=in_review, reason="経歴を詳しく")
    response = world.client_for("alumnus").put(f"{API}/{in_review.pk}", {**APPLICATION, "submit": True},
                                               content_type="application/json")
    assert (response.status_code, response.json()["status"]) == (200, "resubmitted")


def test_api_incomplete_submission_is_422_and_saves_nothing(world):
    response = world.client_for("jet").post(API, {**APPLICATION, "consent": False, "submit": True},
                                            content_type="application/json")
    assert (response.status_code, ExpertApplication.objects.count()) == (422, 0)


def test_api_accept_without_checklist_is_422(world, in_review):
    response = world.client_for("hq_staff").post(f"{API}/{in_review.pk}/decision", {
        "action": "accept", "programme": "regional", "hourly_fee": 10_000}, content_type="application/json")
    assert (response.status_code, Expert.objects.count()) == (422, 0)


def test_api_decision_by_the_applicant_is_404(world, submitted):
    response = world.client_for("alumnus").post(f"{API}/{submitted.pk}/decision", {"action": "review"},
                                                content_type="application/json")
    assert response.status_code == 404
