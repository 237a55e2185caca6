"""The plan's social-media KPIs: posts posted in the period per office, posts of headquarters featuring a local
government, and followers (each account's latest figure in the period)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from kizuna.core.audit import unlogged
from kizuna.plan.kpis import get_query
from kizuna.social import services
from kizuna.social.models import Post

from .conftest import account, hq_account, post

pytestmark = pytest.mark.django_db


def _posted_on(p, day: date):
    with unlogged("arranging: the post went out on a day of the fiscal year"):
        Post.objects.filter(pk=p.pk).update(posted_at=timezone.make_aware(datetime.combine(day, datetime.min.time())))


def test_posts_counts_posted_posts_of_the_period_per_office(world):
    _posted_on(post(world, status="posted"), date(2026, 5, 1))
    _posted_on(post(world, status="posted"), date(2026, 11, 1))
    _posted_on(post(world, status="posted"), date(2025, 11, 1))
    post(world, status="approved")
    kpi = get_query("social.posts")
    assert kpi(year=2026, quarter=None, organisation_id=None) == 2
    assert kpi(year=2026, quarter=1, organisation_id=world.nyc.pk) == 1
    assert kpi(year=2026, quarter=None, organisation_id=world.tokyo_branch.pk) is None
    assert get_query("social.posts.nyc")(year=2026, quarter=None, organisation_id=None) == 2
    assert get_query("social.posts.bej")(year=2026, quarter=None, organisation_id=None) == 0


def test_posts_featuring_local_governments_counts_headquarters_accounts(world):
    hq = hq_account(world)
    p = services.plan_post(by=world.people["hq_staff"], account=hq, planned_at=timezone.now(), text="千代田区の紹介",
                           link="", featured=world.chiyoda, event=None)
    p = services.submit_post(by=world.people["hq_staff"], post=p)
    p = services.approve_post(by=world.people["superuser"], post=p)
    p = services.mark_posted(by=world.people["hq_staff"], post=p, posted_url="https://x.com/clair/status/1",
                             posted_at=timezone.now() - timedelta(minutes=1))
    _posted_on(p, date(2026, 6, 1))
    _posted_on(post(world, status="posted"), date(2026, 6, 1))  # New York's, featuring Chiyoda: not counted
    kpi = get_query("social.posts.featuring_local_governments")
    assert kpi(year=2026, quarter=None, organisation_id=None) == 1
    assert kpi(year=2026, quarter=None, organisation_id=world.hq.pk) == 1


def test_followers_is_each_accounts_latest_figure_in_the_period(world):
    fb, staff = account(world), world.people["office_staff"]
    ig = services.save_account(by=world.people["hq_staff"], holder=world.nyc, platform="instagram", name="IG",
                               handle="", url="", language="en", is_active=True)
    for month, n in ((date(2026, 4, 1), 100), (date(2026, 6, 1), 150), (date(2026, 7, 1), 170)):
        services.record_followers(by=staff, account=fb, month=month, followers=n)
    services.record_followers(by=staff, account=ig, month=date(2026, 5, 1), followers=40)
    followers = get_query("social.followers.nyc")
    assert followers(year=2026, quarter=1, organisation_id=None) == 190
    assert followers(year=2026, quarter=2, organisation_id=world.nyc.pk) == 170
    assert followers(year=2026, quarter=3, organisation_id=None) is None
    assert get_query("social.followers.nyc.instagram")(year=2026, quarter=1, organisation_id=None) == 40


def test_the_plan_measures_its_sns_kpis_with_registered_queries():
    import tomllib
    from pathlib import Path

    import kizuna.plan

    data = tomllib.loads((Path(kizuna.plan.__file__).parent / "data" / "fy2026.toml").read_text())
    keys = {(p["code"], k["code"]): k["query_key"] for a in data["area"] for p in a.get("programme", [])
            for k in p.get("kpi", []) if k.get("query_key", "").startswith("social.")}
    assert keys == {("1-5", "posts"): "social.posts.featuring_local_governments",
                    ("1-5", "followers"): "social.followers.hq", ("5-4-sel", "posts"): "social.posts.sel",
                    ("5-4-bej", "posts"): "social.posts.bej", ("5-4-bej", "followers"): "social.followers.bej.wechat"}
    assert [k for k in keys.values() if get_query(k) is None] == []
