"""The calendar (month and week, by office and account), a post's page and its steps, the figures import, the
accounts, promotion requests from the event page, the API, and the query counts of the lists."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kizuna.social.models import Post

from .conftest import account, hq_account, post, promotion

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


def _at(day: str, hour: int = 10):
    return datetime.fromisoformat(f"{day}T{hour:02}:00").replace(tzinfo=NEW_YORK)


def test_calendar_month_shows_the_posts_by_day_with_their_state(world, client_for):
    post(world, text="Autumn festival", when=_at("2026-12-07"))
    post(world, text="Winter market", when=_at("2026-12-20"), status="in_review")
    response = client_for("branch_staff").get(reverse("social:calendar"), {"date": "2026-12-01", "office": "nyc"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-date="2026-12-07"' in body
    cells = {d.day.isoformat(): [str(p) for p in d.posts] for week in response.context["cal"].weeks for d in week}
    assert cells["2026-12-07"] == ["Autumn festival"]
    assert cells["2026-12-20"] == ["Winter market"]
    assert 'data-state="in_review"' in body
    assert "2026年12月" in body


def test_calendar_week_shows_only_that_week(world, client_for):
    post(world, text="Monday post", when=_at("2026-12-07"))
    post(world, text="Next week post", when=_at("2026-12-14"))
    response = client_for("office_staff").get(reverse("social:calendar"),
                                              {"view": "week", "date": "2026-12-09", "office": "nyc"})
    cal = response.context["cal"]
    assert (cal.start.isoformat(), cal.end.isoformat()) == ("2026-12-07", "2026-12-13")
    assert [str(p) for week in cal.weeks for d in week for p in d.posts] == ["Monday post"]
    assert 'data-view="week"' in response.content.decode()


def test_calendar_days_follow_the_offices_time_zone(world, client_for):
    # 23:00 in New York on the 7th is the 8th in Tokyo: the New York calendar puts it on the 7th.
    post(world, text="Late post", when=_at("2026-12-07", 23))
    cal = client_for("office_staff").get(reverse("social:calendar"), {"view": "week", "date": "2026-12-07",
                                                                       "office": "nyc"}).context["cal"]
    assert {d.day.isoformat(): len(d.posts) for d in cal.weeks[0]}["2026-12-07"] == 1


def test_calendar_filters_by_account(world, client_for):
    post(world, text="New York post", when=_at("2026-12-07"))
    other = hq_account(world)
    response = client_for("hq_staff").get(reverse("social:calendar"), {"date": "2026-12-07", "account": other.pk})
    assert [p for week in response.context["cal"].weeks for d in week for p in d.posts] == []


def test_calendar_forbidden_to_local_governments(world, client_for):
    assert client_for("municipality_staff").get(reverse("social:calendar")).status_code == 403


def test_calendar_query_count_does_not_grow_with_posts(world, client_for):
    client = client_for("office_staff")
    url = reverse("social:calendar")
    params = {"date": "2026-12-01", "office": "nyc"}
    post(world, when=_at("2026-12-03"))
    client.get(url, params)
    with CaptureQueriesContext(connection) as one:
        client.get(url, params)
    for day in ("2026-12-04", "2026-12-05"):
        post(world, when=_at(day))
    with CaptureQueriesContext(connection) as three:
        client.get(url, params)
    assert len(three) == len(one)


def test_plan_a_post_from_the_calendar(world, client_for):
    a = account(world)
    client = client_for("office_staff")
    url = reverse("social:post_new", args=[a.pk])
    assert client.get(url, {"date": "2026-12-07"}).status_code == 200
    response = client.post(url, {"planned_at": "2026-12-07T09:30", "text": "Hello New York", "link": ""})
    p = Post.objects.get(text="Hello New York")
    assert response.status_code == 302
    assert (p.status, p.created_by) == ("draft", world.people["office_staff"])


def test_plan_a_post_shows_errors_next_to_the_fields(world, client_for):
    response = client_for("office_staff").post(reverse("social:post_new", args=[account(world).pk]),
                                               {"planned_at": "", "text": ""})
    assert response.status_code == 400
    assert "field-error" in response.content.decode()


def test_plan_a_post_forbidden_to_headquarters_on_an_office_account(world, client_for):
    assert client_for("hq_staff").get(reverse("social:post_new", args=[account(world).pk])).status_code == 404


def test_post_steps_from_its_page(world, client_for):
    p = post(world)
    staff, hq = client_for("office_staff"), client_for("hq_staff")
    staff.post(reverse("social:post_step", args=[p.pk, "submit"]))
    hq.post(reverse("social:post_review", args=[p.pk, "approve"]))
    p.refresh_from_db()
    assert p.status == "approved"
    response = staff.post(reverse("social:post_posted", args=[p.pk]),
                          {"posted_url": "https://www.facebook.com/clairny/posts/9", "posted_at": "2026-01-05T10:00"})
    assert response.status_code == 302
    staff.post(reverse("social:post_figures", args=[p.pk]), {"reach": "1200", "impressions": "", "engagements": "40"})
    p.refresh_from_db()
    assert (p.status, p.reach, p.engagements) == ("posted", 1200, 40)
    page = hq.get(p.get_absolute_url()).content.decode()
    assert 'data-state="posted"' in page
    assert "https://www.facebook.com/clairny/posts/9" in page


def test_post_review_step_forbidden_to_the_office_staff(world, client_for):
    p = post(world, status="in_review")
    response = client_for("office_staff").post(reverse("social:post_review", args=[p.pk, "approve"]))
    assert response.status_code == 404


def test_post_step_unknown_action_is_404(world, client_for):
    p = post(world)
    assert client_for("office_staff").post(reverse("social:post_step", args=[p.pk, "approve"])).status_code == 404


def test_post_page_in_english(world, client_for):
    p = post(world)
    response = client_for("office_staff").get(p.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "Send for review" in response.content.decode()


def test_cancel_asks_first(world, client_for):
    body = client_for("office_staff").get(post(world).get_absolute_url()).content.decode()
    assert 'class="confirm" data-testid="cancel"' in body


def test_accounts_list_with_latest_followers(world, client_for):
    from kizuna.social import services

    a = account(world)
    today = timezone.localdate()
    services.record_followers(by=world.people["office_staff"], account=a,
                              month=(today.replace(day=1) - timedelta(days=1)), followers=900)
    services.record_followers(by=world.people["office_staff"], account=a, month=today, followers=1000)
    response = client_for("branch_staff").get(reverse("social:accounts"))
    assert [(r.name, r.latest_followers) for r in response.context["accounts"]] == [(a.name, 1000)]


def test_record_followers_from_the_account_page(world, client_for):
    a = account(world)
    response = client_for("office_staff").post(reverse("social:account_followers", args=[a.pk]),
                                               {"month": timezone.localdate().isoformat(), "followers": "1500"})
    assert response.status_code == 302
    assert a.figures.get().followers == 1500


def test_promotion_request_from_the_event_link_and_decided_by_the_office(world, client_for):
    chiyoda = client_for("municipality_staff")
    response = chiyoda.get(reverse("social:promotion_new"), {"office": "nyc"})
    assert response.status_code == 200
    assert response.context["form"].initial["office"] == world.nyc.pk
    response = chiyoda.post(reverse("social:promotion_new"), {
        "requester": world.chiyoda.pk, "office": world.nyc.pk, "title": "千代田の祭り", "link": "https://example.jp/m",
        "message": "紹介してください", "wanted_from": (timezone.localdate() + timedelta(days=5)).isoformat()})
    assert response.status_code == 302
    r = world.chiyoda.promotion_requests.get()
    assert [x.title for x in chiyoda.get(reverse("social:promotions")).context["promotions"]] == ["千代田の祭り"]
    assert client_for("other_municipality_staff").get(r.get_absolute_url()).status_code == 404
    client_for("office_staff").post(reverse("social:promotion_accept", args=[r.pk]), {"account": account(world).pk})
    r.refresh_from_db()
    assert (r.status, r.post.status) == ("accepted", "draft")


def test_promotion_decline_needs_a_reason(world, client_for):
    r = promotion(world)
    client_for("office_staff").post(reverse("social:promotion_decline", args=[r.pk]), {"reason": ""})
    r.refresh_from_db()
    assert r.status == "submitted"


def test_api_lists_posts_to_clair_staff_only(world, client_for):
    post(world, text="API post", when=_at("2026-12-07"))
    response = client_for("office_staff").get("/api/v1/social/posts", {"office": "nyc"})
    assert response.status_code == 200
    assert [(p["text"], p["office"], p["platform"]) for p in response.json()["items"]] == [
        ("API post", "nyc", "facebook")]
    assert client_for("municipality_staff").get("/api/v1/social/posts").status_code == 403


def test_api_one_post(world, client_for):
    p = post(world, status="posted")
    data = client_for("hq_staff").get(f"/api/v1/social/posts/{p.pk}").json()
    assert (data["id"], data["status"], data["posted_url"]) == (p.pk, "posted", p.posted_url)
    assert client_for("municipality_staff").get(f"/api/v1/social/posts/{p.pk}").status_code in (403, 404)


def test_event_page_links_organisers_to_the_promotion_form_prefilled(world, client_for):
    from tests.events.factories import EventFactory

    event = EventFactory(organiser=world.hq, starts_at=timezone.now() + timedelta(days=20))
    body = client_for("hq_staff").get(event.get_absolute_url()).content.decode()
    assert f'/social/promotions/new/?event={event.pk}' in body
    assert "海外事務所にSNSでのPRを依頼する" in body
    form = client_for("hq_staff").get(reverse("social:promotion_new"), {"event": event.pk}).context["form"]
    assert (form.initial["event"], form.initial["title"]) == (event.pk, event.title)


def test_overseas_requests_page_links_local_governments_to_the_promotion_form(world, client_for):
    body = client_for("municipality_staff").get(reverse("requests:mine")).content.decode()
    assert 'data-testid="ask-promotion"' in body
    assert 'data-testid="ask-promotion"' not in client_for("jet").get(reverse("requests:mine")).content.decode()


def test_plan_a_post_ignores_a_date_that_is_not_a_day(world, client_for):
    response = client_for("office_staff").get(reverse("social:post_new", args=[account(world).pk]),
                                              {"date": "2026-02-30"})
    assert (response.status_code, response.context["form"].initial) == (200, {})
