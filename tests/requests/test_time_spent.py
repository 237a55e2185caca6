"""Time spent: the minutes staff record with a reply or note, summed per request and per office."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kizuna.requests import queries, services
from kizuna.requests.models import Message


def test_post_message_staff_records_minutes_summed_on_the_request(world, visit):
    services.post_message(by=world.people["office_staff"], request=visit, body="調整中", minutes=45)
    services.post_message(by=world.people["office_staff"], request=visit, body="メモ", internal=True, minutes=45)
    services.post_message(by=world.people["municipality_staff"], request=visit, body="了解")
    assert queries.minutes_spent(visit) == 90


@pytest.mark.parametrize("minutes", [0, -5, 1441, True, 1.5, "30"])
def test_post_message_bad_minutes_are_refused_and_nothing_saved(world, visit, minutes):
    with pytest.raises(ValidationError) as refused:
        services.post_message(by=world.people["office_staff"], request=visit, body="x", minutes=minutes)
    assert refused.value.error_dict["minutes"][0].code == "bad_minutes"
    assert Message.objects.count() == 0


def test_post_message_requester_cannot_record_minutes(world, visit):
    with pytest.raises(ValidationError) as refused:
        services.post_message(by=world.people["municipality_staff"], request=visit, body="x", minutes=10)
    assert refused.value.error_dict["minutes"][0].code == "not_staff"
    assert Message.objects.count() == 0


def test_detail_page_shows_time_spent_to_staff_only(world, visit, client_for):
    office = client_for("office_staff")
    response = office.post(reverse("requests:message", args=[visit.pk]), {"body": "調整中", "minutes": "90"})
    assert response.status_code == 302
    assert Message.objects.get().minutes == 90
    page = office.get(reverse("requests:detail", args=[visit.pk])).content.decode()
    assert '<dd data-testid="time-spent">1時間30分</dd>' in page
    assert 'name="minutes"' in page
    mine = client_for("municipality_staff").get(reverse("requests:detail", args=[visit.pk])).content.decode()
    assert "time-spent" not in mine and 'name="minutes"' not in mine and "1時間30分" not in mine


@pytest.mark.parametrize("minutes, problem", [("0", "この値は 1 以上でなければなりません。"),
                                              ("1441", "この値は 1440 以下でなければなりません。"),
                                              ("半日", "整数を入力してください。")])
def test_message_page_refuses_bad_minutes_beside_the_field_keeps_the_words_and_saves_nothing(
        world, visit, client_for, minutes, problem):
    office = client_for("office_staff")
    response = office.post(reverse("requests:message", args=[visit.pk]), {"body": "調整中", "minutes": minutes})
    page = response.content.decode()
    assert (response.status_code, Message.objects.count()) == (400, 0)
    assert f'<div class="field-error" id="msg_minutes_error"><p>{problem}</p></div>' in page
    assert ">\n調整中</textarea>" in page  # what was typed is kept


def test_queues_page_sums_minutes_per_office(world, visit, client_for):
    services.post_message(by=world.people["office_staff"], request=visit, body="a", minutes=30)
    services.post_message(by=world.people["hq_staff"], request=visit, body="b", minutes=100)
    page = client_for("hq_staff").get(reverse("requests:queues")).content.decode()
    assert f'<span data-testid="minutes-{world.nyc.pk}">今年度の作業時間: 2時間10分</span>' in page


def test_api_post_message_records_minutes_for_staff(world, visit, client_for):
    url = reverse("api:requests_post_message", args=[visit.pk])
    response = client_for("office_staff").post(url, {"body": "調整中", "minutes": 25},
                                               content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["time_spent_minutes"] == 25
    assert response.json()["messages"][-1]["minutes"] == 25
    seen = client_for("municipality_staff").get(reverse("api:requests_get", args=[visit.pk])).json()
    assert seen["time_spent_minutes"] is None and seen["messages"][0]["minutes"] is None


@pytest.mark.parametrize("payload", [{"body": "x", "minutes": 0}, {"body": "x", "minutes": "25"},
                                     {"body": "x", "minutes": 2000}, {"body": ""}])
def test_api_post_message_refuses_bad_input(world, visit, client_for, payload):
    url = reverse("api:requests_post_message", args=[visit.pk])
    assert client_for("office_staff").post(url, payload, content_type="application/json").status_code == 422
    assert Message.objects.count() == 0


def test_api_post_message_requester_minutes_and_notes_are_refused(world, visit, client_for):
    url = reverse("api:requests_post_message", args=[visit.pk])
    client = client_for("municipality_staff")
    assert client.post(url, {"body": "x", "minutes": 5}, content_type="application/json").status_code == 422
    noted = client.post(url, {"body": "x", "internal": True}, content_type="application/json")
    assert (noted.status_code, noted.json()["detail"]) == (403, "内部メモを書けるのは依頼を担当する職員だけです。")
    assert Message.objects.count() == 0
    assert client.post(url, {"body": "了解"}, content_type="application/json").status_code == 200
