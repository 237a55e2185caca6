"""The API: token authentication, organisations readable, a valid OpenAPI document."""

import pytest
from django.test import Client
from openapi_spec_validator import validate

from kizuna.core import services
from kizuna.core.models import ApiToken
from tests.factories import make_token


def test_openapi_document_is_valid(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    validate(response.json())


def test_api_lists_organisations_to_anonymous_callers(world):
    response = Client().get("/api/v1/organisations", {"q": "ちよだ"})
    assert (response.status_code, [o["code"] for o in response.json()["items"]]) == (200, ["131016"])


def test_api_search_by_english_name_and_code(world):
    by_name = Client().get("/api/v1/organisations", {"q": "minato"}).json()["items"]
    by_code = Client().get("/api/v1/organisations", {"q": "131032"}).json()["items"]
    assert ([o["name"] for o in by_name], [o["name"] for o in by_code]) == (["港区"], ["港区"])


def test_api_organisation_detail_names_its_branch_and_countries(world):
    chiyoda = Client().get(f"/api/v1/organisations/{world.chiyoda.pk}").json()
    nyc = Client().get(f"/api/v1/organisations/{world.nyc.pk}", headers={"accept-language": "ja"}).json()
    assert (chiyoda["branch_id"], nyc["countries"]) == (world.tokyo_branch.pk, [{"code": "US", "name": "米国"}])


def test_api_missing_organisation_is_404(world):
    assert Client().get("/api/v1/organisations/999999").status_code == 404


@pytest.mark.parametrize(("language", "message"), [
    ("en", "The check digit of 131017 is wrong: for 13101 it must be 6 (did you mean 131016?)."),
    ("ja", "131017 のチェックディジットが正しくありません。"
           "13101 のチェックディジットは 6 です（131016 ではありませんか）。"),
])
def test_api_check_code_explains_a_wrong_check_digit(world, language, message):
    response = Client(headers={"accept-language": language}).get("/api/v1/organisations/check-code",
                                                                  {"code": "131017"})
    assert response.json() == {"code": "131017", "valid": False, "message": message, "organisation_id": None}


def test_api_check_code_finds_the_organisation(world):
    response = Client().get("/api/v1/organisations/check-code", {"code": "131016"})
    assert response.json() == {"code": "131016", "valid": True, "message": "", "organisation_id": world.chiyoda.pk}


def test_api_token_authenticates_the_person(world):
    _record, token = make_token(world.people["municipality_staff"])
    response = Client().get("/api/v1/plan/years", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_api_without_token_is_401_for_signed_in_operations(world):
    assert Client().get("/api/v1/events/registrations").status_code == 401


def test_api_with_a_revoked_token_is_401(world):
    record, token = make_token(world.people["municipality_staff"])
    services.revoke_api_token(by=world.people["municipality_staff"], token=record)
    response = Client().get("/api/v1/plan/years", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_api_with_a_wrong_token_on_a_public_operation_is_401(world):
    response = Client().get("/api/v1/organisations", headers={"authorization": "Bearer kzn_not-a-token"})
    assert response.status_code == 401


def test_api_token_is_stored_hashed(world):
    record, token = make_token(world.people["municipality_staff"])
    stored = ApiToken.objects.get(pk=record.pk)
    assert (token.startswith("kzn_"), token in (stored.token_hash, stored.hint), len(stored.token_hash)) == (
        True, False, 64)


def test_api_organisation_list_query_count_is_flat(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(q):
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get("/api/v1/organisations", {"q": q}).status_code == 200
        return len(ctx)

    count("港")  # the search index is built once per process and data version
    assert count("千代田") == count("みなと") == count("区")  # 1, 1 and 3 rows


def test_api_query_with_a_nul_character_is_refused_clearly(world):
    response = Client(headers={"accept-language": "en"}).get("/api/v1/organisations?q=a%00b")
    assert (response.status_code, response.json()) == (
        422, {"detail": "The request contains a NUL character, which is not allowed in text."})


def test_page_query_with_a_nul_character_is_refused(world):
    assert Client().get("/organisations/?q=a%00b").status_code == 400


@pytest.mark.parametrize(("language", "message"), [
    ("ja", "この項目は必須です。"),
    ("en", "This field is required."),
])
def test_api_input_problems_are_told_in_the_callers_language(db, language, message):
    response = Client().get("/api/v1/organisations/check-code", headers={"accept-language": language})
    problem = response.json()["detail"][0]
    assert (response.status_code, problem["type"], problem["loc"], problem["msg"]) == (
        422, "missing", ["query", "code"], message)


def test_api_input_limits_are_named_in_the_message(db):
    response = Client().get("/api/v1/organisations", {"page": "0"}, headers={"accept-language": "ja"})
    assert (response.status_code, response.json()["detail"][0]["msg"]) == (422, "1以上の値を入力してください。")


def test_api_without_credentials_says_how_to_log_in(world):
    response = Client().get("/api/v1/grants/applications", headers={"accept-language": "ja"})
    assert (response.status_code, response.json()["detail"]) == (
        401, "ログインするか、有効なAPIトークンを送ってください。")


def test_api_body_over_the_upload_limit_is_refused_with_json(world):
    body = b'{"code": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = Client(headers={"accept-language": "en"}).post(
        "/api/v1/events/events/1/check-in", data=body, content_type="application/json")
    assert (response.status_code, response["Content-Type"], response.json()) == (
        413, "application/json", {"detail": "The request body is larger than 2,621,440 bytes."})


def test_api_address_over_the_limit_is_refused_with_json(db):
    response = Client(headers={"accept-language": "ja"}).get("/api/v1/" + "a" * 4096)
    assert (response.status_code, response.json()) == (414, {"detail": "アドレスが4,000文字を超えています。"})


def test_page_address_over_the_limit_is_refused(db):
    assert Client().get("/organisations/?q=" + "a" * 4096).status_code == 414


def test_api_unknown_address_is_refused_with_json(db):
    response = Client(headers={"accept-language": "en"}).get("/api/v1/no-such-thing")
    assert (response.status_code, response.json()) == (404, {"detail": "There is no such address in the API."})


def test_page_unknown_address_is_an_html_page(db):
    response = Client().get("/no-such-page/")
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (404, "text/html")


def _models(annotation) -> set:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        nested = {m for field in annotation.model_fields.values() for m in _models(field.annotation)}
        return {annotation} | nested
    return {m for arg in get_args(annotation) for m in _models(arg)}


def test_api_every_request_body_is_read_strictly(db):
    """Each body schema (and each object inside one) is an InputSchema: objects only, JSON types exactly."""
    from kizuna.api import api
    from kizuna.core.schemas import InputSchema

    bodies = {model for _prefix, router in api._routers for view in router.path_operations.values()
              for operation in view.operations for params in operation.models
              if getattr(params, "__ninja_param_source__", None) == "body"
              for field in params.model_fields.values() for model in _models(field.annotation)}
    assert (len(bodies) > 5, sorted(m.__name__ for m in bodies if not issubclass(m, InputSchema))) == (True, [])


def _api_schemas(base) -> list:
    found = []
    for sub in base.__subclasses__():
        if sub.__module__.startswith("kizuna."):
            found.append(sub)
        found += _api_schemas(sub)
    return found


def test_api_schema_names_are_unique(db):
    """The OpenAPI document names each schema by its class name: two classes of one name share one entry, and
    one of the operations shows the other's schema."""
    from collections import Counter

    from ninja import Schema

    import kizuna.api  # noqa: F401 - every app's schemas

    names = Counter(cls.__name__ for cls in set(_api_schemas(Schema)))
    assert [name for name, n in names.items() if n > 1] == []


def test_openapi_signage_messages_answer_with_the_signage_schema(db):
    document = Client().get("/api/v1/openapi.json").json()
    ok = document["paths"]["/api/v1/signage/messages"]["get"]["responses"]["200"]["content"]["application/json"]
    paged = document["components"]["schemas"][ok["schema"]["$ref"].rsplit("/", 1)[1]]
    item = document["components"]["schemas"][paged["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[1]]
    assert sorted(item["properties"]) == ["category", "id", "key", "own", "phase", "pictogram", "purposes",
                                          "shown_pictogram", "texts"]
