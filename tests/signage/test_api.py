from kizuna.signage.enums import LANGUAGE_CODES
from tests.signage.pdfcheck import contains, text_of

API = "/api/v1/signage"


def test_api_lists_17_languages_with_fonts(client, db):
    response = client.get(f"{API}/languages")

    assert response.status_code == 200
    assert [row["code"] for row in response.json()] == list(LANGUAGE_CODES)
    assert response.json()[13]["font"] == "Noto Sans Myanmar"


def test_api_searches_messages_in_japanese(client, bank):
    response = client.get(f"{API}/messages", {"q": "トイレ", "lang": ["ja", "ne"]})

    rows = response.json()["items"]
    assert response.status_code == 200
    assert {row["key"] for row in rows} == {"toilet", "toilet-men", "toilet-women"}
    assert rows[0]["texts"].keys() == {"ja", "ne"}


def test_api_message_shows_provenance_of_each_translation(client, bank):
    response = client.get(f"{API}/messages/{bank['toilet'].pk}")

    body = response.json()
    assert response.status_code == 200
    assert len(body["translations"]) == 17
    assert {(t["method"], t["native_reviewed"]) for t in body["translations"]} == {("machine", False)}


def test_api_sign_pdf_has_chosen_languages(client, bank):
    response = client.get(f"{API}/messages/{bank['toilet'].pk}/sign.pdf", {"lang": ["ja", "th", "bn"]})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert all(contains(text, t, c) for c, t in (("ja", "トイレ"), ("th", "ห้องน้ำ"), ("bn", "শৌচাগার")))


def test_api_sign_refuses_six_languages(client, bank):
    response = client.get(f"{API}/messages/{bank['toilet'].pk}/sign.pdf",
                          {"lang": ["ja", "en", "ko", "vi", "ne", "th"]})

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "5件以内で指定してください。"  # the default language


def test_api_sign_refuses_unknown_language(client, bank):
    response = client.get(f"{API}/messages/{bank['toilet'].pk}/sign.pdf", {"lang": ["xx"]},
                          headers={"accept-language": "en"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"].startswith("Choose one of: ja, ja-easy, en, zh-Hans,")
    assert response.json()["detail"][0]["msg"].endswith(", si, bn.")


def test_api_own_message_is_hidden_from_other_organisations(world, bank):
    from kizuna.signage.models import Category
    from kizuna.signage.services import add_message

    message = add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                          category=Category.objects.get(key="facilities"), texts={"ja": "独自"})

    assert world.client_for("municipality_admin").get(f"{API}/messages/{message.pk}").status_code == 200
    assert world.client_for("hq_staff").get(f"{API}/messages/{message.pk}").status_code == 404
