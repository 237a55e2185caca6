import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.grants import services
from kizuna.grants.enums import Status

from .conftest import make_submitted
from .factories import AssignmentFactory, CallFactory

API = "/api/v1/grants"


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_calls_is_public(world, call):
    response = world.client_for("anonymous").get(f"{API}/calls")
    assert [(c["id"], c["is_open"]) for c in response.json()] == [(call.pk, True)]


def test_list_calls_query_count_is_flat(world, scheme):
    client = world.client_for("anonymous")
    CallFactory(scheme=scheme)
    one = _queries(client, f"{API}/calls")
    CallFactory.create_batch(2, scheme=scheme)
    assert _queries(client, f"{API}/calls") == one


def test_list_applications_query_count_is_flat(world, call):
    client = world.client_for("municipality_staff")
    make_submitted(world, call, 1)
    one = _queries(client, f"{API}/applications")
    make_submitted(world, call, 2)
    assert (_queries(client, f"{API}/applications"), len(client.get(f"{API}/applications").json())) == (one, 3)


def test_list_reviews_query_count_is_flat_and_hides_undeclared_applicants(world, call):
    client = world.client_for("reviewer")
    apps = make_submitted(world, call, 3)
    AssignmentFactory(application=apps[0], reviewer=world.people["reviewer"])
    one = _queries(client, f"{API}/reviews")
    for a in apps[1:]:
        AssignmentFactory(application=a, reviewer=world.people["reviewer"])
    assert _queries(client, f"{API}/reviews") == one
    assert {r["applicant"] for r in client.get(f"{API}/reviews").json()} == {None}


def test_get_application_forbidden_to_another_organisation_is_404(world, draft):
    response = world.client_for("association_staff").get(f"{API}/applications/{draft.pk}")
    assert response.status_code == 404


def test_submit_through_the_api_refused_with_the_rule(world, draft):
    draft.requested_amount = 100_000
    draft.save()
    response = world.client_for("municipality_staff").post(f"{API}/applications/{draft.pk}/submit")
    assert response.status_code == 422 and "¥500,000" in response.json()["detail"]


def test_submit_through_the_api(world, draft):
    response = world.client_for("municipality_staff").post(f"{API}/applications/{draft.pk}/submit")
    assert (response.status_code, response.json()["status"]) == (200, Status.SUBMITTED)


def test_decide_through_the_api_holds_the_envelope(world, call):
    call.envelope = 1_000_000
    call.save()
    a, b = make_submitted(world, call, 2)
    client = world.client_for("hq_staff")
    over = client.post(f"{API}/calls/{call.pk}/decisions", content_type="application/json", data={
        "awards": [{"application_id": a.pk, "amount": 1_000_000}, {"application_id": b.pk, "amount": 1}]})
    ok = client.post(f"{API}/calls/{call.pk}/decisions", content_type="application/json", data={
        "awards": [{"application_id": a.pk, "amount": 1_000_000}], "rejections": [b.pk]})
    assert (over.status_code, ok.status_code, ok.json()["left"]) == (422, 200, 0)


def test_decide_through_the_api_forbidden_to_branch_staff(world, call):
    response = world.client_for("branch_staff").post(f"{API}/calls/{call.pk}/decisions",
                                                     content_type="application/json", data={})
    assert response.status_code == 404


def test_board_through_the_api_ranks_and_counts(world, call):
    (a,) = make_submitted(world, call, 1)
    services.decide_applications(by=world.people["hq_staff"], call=call, awards={a.pk: 600_000})
    body = world.client_for("branch_staff").get(f"{API}/calls/{call.pk}/decisions").json()
    assert (body["awarded"], body["left"], [r["application_id"] for r in body["ranking"]]) == (
        600_000, call.envelope - 600_000, [a.pk])


def test_board_api_query_count_is_flat(world, call):
    client = world.client_for("hq_staff")
    make_submitted(world, call, 1)
    one = _queries(client, f"{API}/calls/{call.pk}/decisions")
    make_submitted(world, call, 2)
    assert _queries(client, f"{API}/calls/{call.pk}/decisions") == one


def _post(client, url, data, language="en", method="post"):
    return getattr(client, method)(url, content_type="application/json", data=data, HTTP_ACCEPT_LANGUAGE=language)


def test_start_a_draft_through_the_api(world, call):
    client = world.client_for("municipality_staff")
    response = _post(client, f"{API}/calls/{call.pk}/applications",
                     {"title": "多言語防災訓練", "applicant_id": world.chiyoda.pk}, language="ja")
    body = response.json()
    assert (response.status_code, body["status"], body["applicant"], body["lines"]) == (
        200, Status.DRAFT, "千代田区", [])


def test_start_a_draft_for_another_organisation_is_refused(world, call):
    response = _post(world.client_for("municipality_staff"), f"{API}/calls/{call.pk}/applications",
                     {"title": "x", "applicant_id": world.minato.pk}, language="ja")
    assert (response.status_code, call.applications.count()) == (422, 0)
    assert response.json()["detail"] != "You can only apply for an organisation you work for."


def test_start_a_draft_after_the_closing_time_is_refused(world, call):
    from datetime import timedelta

    from django.utils import timezone

    call.opens_at, call.closes_at = timezone.now() - timedelta(days=9), timezone.now() - timedelta(days=1)
    call.save()
    response = _post(world.client_for("municipality_staff"), f"{API}/calls/{call.pk}/applications",
                     {"title": "x", "applicant_id": world.chiyoda.pk})
    assert (response.status_code, "closed" in response.json()["detail"]) == (422, True)


def test_start_a_draft_forbidden_to_hq_staff(world, call):
    response = _post(world.client_for("hq_staff"), f"{API}/calls/{call.pk}/applications", {"title": "x"})
    assert (response.status_code, call.applications.count()) == (404, 0)


def test_add_and_edit_cost_lines_through_the_api(world, draft):
    client = world.client_for("municipality_admin")
    added = _post(client, f"{API}/applications/{draft.pk}/lines",
                  {"category": "旅費", "description": "講師旅費", "amount": 120_000})
    line_id = added.json()["id"]
    edited = _post(client, f"{API}/applications/{draft.pk}/lines/{line_id}",
                   {"category": "旅費", "description": "講師旅費（往復）", "amount": 150_000, "eligible": False},
                   method="put")
    detail = client.get(f"{API}/applications/{draft.pk}").json()
    assert (added.status_code, edited.status_code) == (200, 200)
    assert sorted((line["amount"], line["eligible"]) for line in detail["lines"]) == [
        (150_000, False), (1_000_000, True)]


def test_negative_cost_line_is_refused_in_the_users_language(world, draft):
    client = world.client_for("municipality_staff")
    english = _post(client, f"{API}/applications/{draft.pk}/lines",
                    {"category": "旅費", "description": "x", "amount": -1})
    japanese = _post(client, f"{API}/applications/{draft.pk}/lines",
                     {"category": "旅費", "description": "x", "amount": -1}, language="ja")
    assert (english.status_code, english.json()["detail"], japanese.status_code) == (
        422, "An amount cannot be negative.", 422)
    assert japanese.json()["detail"] != english.json()["detail"]
    assert draft.lines.count() == 1


def test_edit_a_cost_line_of_a_submitted_application_is_refused(world, submitted):
    line = submitted.lines.get()
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{submitted.pk}/lines/{line.pk}",
                     {"category": "謝金", "description": "x", "amount": 1}, method="put")
    line.refresh_from_db()
    assert (response.status_code, line.amount) == (422, 1_000_000)


def test_add_cost_line_forbidden_to_another_organisation_is_404(world, draft):
    response = _post(world.client_for("association_staff"), f"{API}/applications/{draft.pk}/lines",
                     {"category": "旅費", "description": "x", "amount": 1})
    assert (response.status_code, draft.lines.count()) == (404, 1)


def _declared(world, application):
    return AssignmentFactory(application=application, reviewer=world.people["reviewer"], status="active")


def test_score_through_the_api(world, submitted):
    assignment = _declared(world, submitted)
    first, second = submitted.call.scheme.criteria.order_by("order", "pk")
    response = _post(world.client_for("reviewer"), f"{API}/applications/{submitted.pk}/scores", {
        "scores": [{"criterion_id": first.pk, "value": 5, "comment": "先駆的"},
                   {"criterion_id": second.pk, "value": 2}], "comment": "良い"})
    assert (response.status_code, response.json()["status"], response.json()["weighted_score"]) == (
        200, "scored", 4.0)
    assert sorted(assignment.scores.values_list("value", flat=True)) == [2, 5]


def test_score_out_of_range_is_refused_in_the_users_language(world, submitted):
    assignment = _declared(world, submitted)
    ids = [c.pk for c in submitted.call.scheme.criteria.all()]
    payload = {"scores": [{"criterion_id": i, "value": 6} for i in ids]}
    english = _post(world.client_for("reviewer"), f"{API}/applications/{submitted.pk}/scores", payload)
    japanese = _post(world.client_for("reviewer"), f"{API}/applications/{submitted.pk}/scores", payload, "ja")
    assert (english.status_code, english.json()["detail"], japanese.status_code) == (
        422, "Scores go from 1 to 5.", 422)
    assert (japanese.json()["detail"] != english.json()["detail"], assignment.scores.count()) == (True, 0)


def test_score_missing_a_criterion_names_it(world, submitted):
    _declared(world, submitted)
    first = submitted.call.scheme.criteria.get(name="先駆性")
    response = _post(world.client_for("reviewer"), f"{API}/applications/{submitted.pk}/scores",
                     {"scores": [{"criterion_id": first.pk, "value": 3}]})
    assert (response.status_code, "継続性" in response.json()["detail"]) == (422, True)


def test_score_an_unassigned_application_is_404(world, submitted):
    response = _post(world.client_for("reviewer"), f"{API}/applications/{submitted.pk}/scores", {"scores": []})
    assert response.status_code == 404


def test_new_operations_are_in_the_openapi_document(world):
    paths = world.client_for("anonymous").get("/api/v1/openapi.json").json()["paths"]
    wanted = ["/api/v1/grants/calls/{call_id}/applications", "/api/v1/grants/applications/{application_id}/lines",
              "/api/v1/grants/applications/{application_id}/lines/{line_id}",
              "/api/v1/grants/applications/{application_id}/scores"]
    assert [p for p in wanted if p not in paths] == []


def test_a_body_that_is_not_json_or_of_the_wrong_type_is_refused_in_japanese(world, draft):
    client = world.client_for("municipality_staff")
    broken = client.post(f"{API}/applications/{draft.pk}/lines", content_type="application/json",
                         data='{"category": "旅費", "amount": ', HTTP_ACCEPT_LANGUAGE="ja")
    wrong = _post(client, f"{API}/applications/{draft.pk}/lines",
                  {"category": "旅費", "description": "x", "amount": "十万円"}, language="ja")
    assert (broken.status_code, broken.json()["detail"]) == (422, [
        {"type": "json_invalid", "loc": ["body"], "msg": "リクエストの本文が正しいJSONではありません。"}])
    assert (wrong.status_code, [(p["loc"][-1], p["msg"]) for p in wrong.json()["detail"]]) == (
        422, [("amount", "整数を入力してください。")])
    assert draft.lines.count() == 1


def test_change_a_draft_through_the_api(world, draft):
    from .factories import QuestionFactory

    QuestionFactory(call=draft.call, key="participants", label="参加人数", kind="number")
    QuestionFactory(call=draft.call, key="scope", label="実施場所", kind="choice", choices=["domestic", "overseas"])
    response = _post(world.client_for("municipality_admin"), f"{API}/applications/{draft.pk}",
                     {"title": "多言語防災訓練（改）", "requested_amount": 800_000,
                      "answers": {"participants": 40, "scope": "domestic"}}, method="patch")
    draft.refresh_from_db()
    assert response.status_code == 200
    assert (draft.title, draft.requested_amount, draft.answers["participants"], draft.answers["scope"]) == (
        "多言語防災訓練（改）", 800_000, 40, "domestic")
    assert response.json()["answers"] == draft.answers


@pytest.mark.parametrize(("answers", "message"), [
    ({"unknown": "x"}, "「unknown」はこの公募の質問ではありません。"),
    ({"participants": "四十"}, "「参加人数」は整数で入力してください。"),
])
def test_a_wrong_answer_through_the_api_changes_nothing(world, draft, answers, message):
    from .factories import QuestionFactory

    QuestionFactory(call=draft.call, key="participants", label="参加人数", kind="number")
    before = (draft.title, draft.answers)
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{draft.pk}",
                     {"title": "変更", "answers": answers}, language="ja", method="patch")
    draft.refresh_from_db()
    assert (response.status_code, response.json()["detail"]) == (422, message)
    assert (draft.title, draft.answers) == before


def test_change_a_submitted_application_through_the_api_is_refused(world, submitted):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{submitted.pk}",
                     {"title": "変更"}, method="patch")
    submitted.refresh_from_db()
    assert (response.status_code, submitted.title != "変更") == (422, True)


def _patch_raw(client, draft, body: bytes, language="en"):
    return client.patch(f"{API}/applications/{draft.pk}", data=body, content_type="application/json",
                        HTTP_ACCEPT_LANGUAGE=language)


def test_update_with_a_lone_surrogate_in_the_body_is_refused_as_invalid_input(world, draft):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(world.people["municipality_staff"])
    title = draft.title
    response = _patch_raw(client, draft, b'{"title": "\\ud800"}')
    draft.refresh_from_db()
    assert (response.status_code, response.json()["detail"], draft.title) == (422, [
        {"type": "string_unicode", "loc": ["body"],
         "msg": "The text is not valid Unicode: it contains a lone UTF-16 surrogate."}], title)


def test_update_with_a_body_that_is_not_an_object_is_refused(world, draft):
    title = draft.title
    response = _patch_raw(world.client_for("municipality_staff"), draft, b'"x"')
    draft.refresh_from_db()
    assert (response.status_code, response.json()["detail"], draft.title) == (422, [
        {"type": "model_type", "loc": ["body"], "msg": "Send an object with named fields."}], title)


def test_decide_with_an_award_that_is_not_an_object_is_refused(world, call):
    (a,) = make_submitted(world, call, 1)
    response = _post(world.client_for("hq_staff"), f"{API}/calls/{call.pk}/decisions",
                     {"awards": ["application_id"]})
    problem = response.json()["detail"][0]
    assert (response.status_code, problem["type"], problem["loc"]) == (
        422, "model_type", ["body", "payload", "awards", 0])


def test_update_with_true_for_a_whole_number_is_refused(world, draft):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{draft.pk}",
                     {"requested_amount": True}, method="patch")
    draft.refresh_from_db()
    assert (response.status_code, response.json()["detail"][0]["msg"], draft.requested_amount) == (
        422, "Enter a whole number.", 1_000_000)


def test_cost_line_with_a_number_for_a_yes_or_no_is_refused(world, draft):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{draft.pk}/lines",
                     {"category": "旅費", "description": "x", "amount": 1, "eligible": 0})
    assert (response.status_code, response.json()["detail"][0]["msg"], draft.lines.count()) == (
        422, "Enter true or false.", 1)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_date_answer_outside_the_window_through_the_api_is_refused(world, draft, day):
    from .factories import QuestionFactory

    QuestionFactory(call=draft.call, key="starts", label="開始日", kind="date")
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{draft.pk}",
                     {"answers": {"starts": day}}, language="ja", method="patch")
    draft.refresh_from_db()
    assert (response.status_code, response.json()["detail"], draft.answers.get("starts")) == (
        422, "「開始日」は2000-01-01から2100-12-31までの日付で入力してください。", None)


def test_openapi_document_says_which_fields_are_required(world):
    schemas = world.client_for("anonymous").get("/api/v1/openapi.json").json()["components"]["schemas"]
    required = {name: schemas[name].get("required", []) for name in ("DraftIn", "DraftChangeIn", "CostLineIn",
                                                                      "ScoresIn", "ScoreIn")}
    nullable = {name for name, field in schemas["DraftChangeIn"]["properties"].items()
                if "anyOf" in field or field.get("default", "") is None}
    assert (required, nullable) == ({"DraftIn": ["title"], "DraftChangeIn": [],
                                     "CostLineIn": ["category", "description", "amount"], "ScoresIn": ["scores"],
                                     "ScoreIn": ["criterion_id", "value"]}, set())


def test_start_a_draft_without_a_title_is_refused_by_the_schema_after_the_permission(world, call):
    url = f"{API}/calls/{call.pk}/applications"
    forbidden = _post(world.client_for("hq_staff"), url, {})
    missing = _post(world.client_for("municipality_staff"), url, {"applicant_id": world.chiyoda.pk})
    assert (forbidden.status_code, missing.status_code, [p["loc"] for p in missing.json()["detail"]]) == (
        404, 422, [["body", "payload", "title"]])
    assert call.applications.count() == 0


def test_a_null_title_is_refused_rather_than_ignored(world, draft):
    response = _post(world.client_for("municipality_staff"), f"{API}/applications/{draft.pk}", {"title": None},
                     method="patch")
    draft.refresh_from_db()
    assert (response.status_code, draft.title.startswith("事業")) == (422, True)
