from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kizuna.dispatch.enums import Status
from kizuna.dispatch.models import Dispatch, ExpertDate

from .conftest import DAY, ask, make_expert


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def test_new_page_files_a_request(world):
    response = world.client_for("municipality_staff").post(reverse("dispatch:new"), {
        "host": world.chiyoda.pk, "programme": "regional", "theme": "研修", "language": "ja", "format": "online",
        "starts_on": "2026-12-01", "ends_on": "2026-12-01", "hours": "6"})
    dispatch = Dispatch.objects.get()
    assert response.status_code == 302
    assert (dispatch.status, dispatch.format) == (Status.REQUESTED, "online")


def test_new_page_third_regional_request_shows_the_limit(world):
    ask(world)
    ask(world)
    response = world.client_for("municipality_staff").post(reverse("dispatch:new"), {
        "host": world.chiyoda.pk, "programme": "regional", "theme": "研修", "language": "ja", "format": "onsite",
        "starts_on": "2026-12-01", "ends_on": "2026-12-01", "hours": "2"})
    assert response.status_code == 400
    assert "派遣は1団体につき年度 2 回までです。" in response.content.decode()
    assert Dispatch.objects.count() == 2


def test_new_page_by_expert_is_forbidden(world):
    assert world.client_for("expert").get(reverse("dispatch:new")).status_code == 403


def test_detail_shows_ranked_matches_to_staff(world, requested):
    make_expert(name="一番")
    page = world.client_for("hq_staff").get(requested.get_absolute_url())
    assert [m.expert.name for m in page.context["matches"]] == ["一番"]
    assert "専門分野「防災」が一致 (+30)" in page.content.decode()


def test_detail_of_another_bodys_dispatch_is_404(world):
    dispatch = ask(world, by="association_staff", host=world.association)
    assert world.client_for("municipality_staff").get(dispatch.get_absolute_url()).status_code == 404


def test_offer_then_accept_through_the_pages(world, requested, adviser):
    world.client_for("hq_staff").post(reverse("dispatch:offer", args=[requested.pk]), {"expert": adviser.pk})
    world.client_for("expert").post(reverse("dispatch:respond", args=[requested.pk]), {"accept": "1"})
    requested.refresh_from_db()
    assert (requested.status, requested.expert) == (Status.CONFIRMED, adviser)


def test_expert_marks_dates_on_own_profile(world, adviser):
    world.client_for("expert").post(reverse("dispatch:expert_dates", args=[adviser.pk]), {
        "starts_on": "2026-12-01", "ends_on": "2026-12-03", "available": "0"})
    assert ExpertDate.objects.filter(expert=adviser, available=False).count() == 3


def test_expert_edits_own_profile(world, adviser):
    world.client_for("expert").post(reverse("dispatch:expert_edit", args=[adviser.pk]), {
        "fields_": "防災、多文化共生", "languages": "ja, en", "regions": "", "onsite": "on", "bio": "x"})
    adviser.refresh_from_db()
    assert (adviser.fields, adviser.online) == (["防災", "多文化共生"], False)


def test_board_query_count_is_flat(world):
    ask(world)
    client = world.client_for("hq_staff")
    url = reverse("dispatch:board")
    expected = _count(client, url)
    ask(world, programme="promotion")
    ask(world, programme="promotion")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert (len(ctx.captured_queries), len(response.context["dispatches"])) == (expected, 3)


def test_experts_query_count_is_flat(world):
    make_expert(name="1")
    client = world.client_for("hq_staff")
    url = reverse("dispatch:experts")
    expected = _count(client, url)
    make_expert(name="2")
    make_expert(name="3")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert (len(ctx.captured_queries), len(response.context["experts"])) == (expected, 3)


def test_organisation_page_shows_its_dispatches(world, requested):
    page = world.client_for("municipality_staff").get(reverse("core:organisation", args=[world.chiyoda.pk]))
    assert requested.theme in page.content.decode()


def test_api_experts_for_staff_only(world, adviser):
    assert [e["name"] for e in world.client_for("hq_staff").get("/api/v1/dispatch/experts").json()] == ["井上"]
    assert world.client_for("municipality_staff").get("/api/v1/dispatch/experts").status_code == 403


def test_api_own_dispatches(world, requested):
    rows = world.client_for("municipality_staff").get("/api/v1/dispatch/mine").json()
    assert [r["id"] for r in rows] == [requested.pk]


def test_api_own_dispatches_query_count_is_flat(world):
    ask(world)
    client = world.client_for("municipality_staff")
    expected = _count(client, "/api/v1/dispatch/mine")
    ask(world, programme="promotion")
    ask(world, programme="promotion")
    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get("/api/v1/dispatch/mine").json()) == 3
    assert len(ctx.captured_queries) == expected


def test_kpis_count_reported_dispatches(world, reported):
    from kizuna.plan.kpis import get_query

    assert get_query("dispatch.dispatches.regional_adviser")(year=2026, quarter=None, organisation_id=None) == 1
    assert get_query("dispatch.dispatches.regional_adviser")(year=2026, quarter=3,
                                                             organisation_id=world.nyc.pk) is None
    assert DAY.month == 12


def test_mine_query_count_is_flat(world):
    ask(world)
    client = world.client_for("municipality_staff")
    url = reverse("dispatch:mine")
    expected = _count(client, url)
    ask(world, programme="promotion")
    ask(world, programme="promotion")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert (len(ctx.captured_queries), len(response.context["dispatches"])) == (expected, 3)


def test_new_page_with_a_date_in_year_1_or_9999_is_refused_beside_the_field(world):
    response = world.client_for("municipality_staff").post(reverse("dispatch:new"), {
        "host": world.chiyoda.pk, "programme": "regional", "theme": "研修", "language": "ja", "format": "online",
        "starts_on": "0001-01-01", "ends_on": "9999-12-31", "hours": "6"})
    errors = response.context["form"].errors
    assert (errors["starts_on"], errors["ends_on"], Dispatch.objects.count()) == (
        ["2000-01-01から2100-12-31までの日付を入力してください。"],
        ["2000-01-01から2100-12-31までの日付を入力してください。"], 0)


def test_respond_page_whose_calendar_cannot_be_built_says_so_and_confirms_nothing(world, adviser):
    from datetime import date

    from kizuna.dispatch import services

    dispatch = services.offer_expert(by=world.people["hq_staff"], expert=adviser,
                                     dispatch=ask(world, starts_on=date.max, ends_on=date.max))
    response = world.client_for("expert").post(reverse("dispatch:respond", args=[dispatch.pk]), {"accept": "1"},
                                               follow=True)
    dispatch.refresh_from_db()
    assert (dispatch.status, [str(m) for m in response.context["messages"]]) == (
        Status.OFFERED, ["この派遣の日程はカレンダーファイルにできないため、確定できません。"])


def test_experts_page_finds_an_expert_by_field_reading_and_profile(world):
    bosai = make_expert(name="山田 花子", fields=["防災", "多文化共生"], bio="避難所の多言語化を支援してきた。")
    make_expert(name="佐藤 次郎", fields=["観光"], bio="インバウンド観光の専門家。")
    client = world.client_for("hq_staff")
    found = {q: [e.name for e in client.get(reverse("dispatch:experts"), {"q": q}).context["experts"]]
             for q in ("多文化共生", "やまだ", "避難所", "観光")}
    assert found == {"多文化共生": [bosai.name], "やまだ": [bosai.name], "避難所": [bosai.name],
                     "観光": ["佐藤 次郎"]}
