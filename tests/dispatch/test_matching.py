from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kizuna.dispatch import matching, services
from kizuna.dispatch.models import Dispatch, ExpertDate

from .conftest import DAY, ask, make_expert


def test_rank_puts_the_better_fit_first_with_reasons(world, requested):
    good = make_expert(name="A", fields=["防災"], languages=["ja"], regions=["130001"])
    make_expert(name="B", fields=["観光"], languages=["en"], regions=["010006"], bio="")
    ExpertDate.objects.create(expert=good, day=DAY, available=True)
    ranked = matching.rank(requested)
    assert [m.expert.name for m in ranked] == ["A", "B"]
    reasons = [r for _p, r in ranked[0].reasons]
    assert "専門分野「防災」が一致" in reasons and "派遣先の地域に対応" in reasons
    assert "全日程で対応可能と登録" in reasons
    assert ranked[0].score == sum(p for p, _r in ranked[0].reasons)


def test_rank_leaves_out_experts_who_cannot_go_or_work_otherwise(world):
    online = ask(world, format="online")
    make_expert(name="onsite only", online=False)
    blocked = make_expert(name="busy")
    ExpertDate.objects.create(expert=blocked, day=DAY, available=False)
    make_expert(name="ok")
    assert [m.expert.name for m in matching.rank(online)] == ["ok"]


def test_rank_rewards_past_ratings(world, requested):
    rated = make_expert(name="rated")
    make_expert(name="plain")
    Dispatch.objects.create(host=world.minato, created_by=world.people["hq_staff"], programme="regional",
                            theme="t", starts_on=date(2025, 5, 1), ends_on=date(2025, 5, 1), fiscal_year=2025,
                            expert=rated, status="completed", rating=5)
    ranked = matching.rank(requested)
    assert ranked[0].expert.name == "rated"
    assert "平均評価 5.0（1 件）" in [r for _p, r in ranked[0].reasons]


def test_rank_lowers_an_expert_who_went_to_the_same_body_recently(world, requested):
    recent = make_expert(name="A recent")
    make_expert(name="B fresh")
    Dispatch.objects.create(host=world.chiyoda, created_by=world.people["hq_staff"], programme="regional",
                            theme="t", starts_on=date(2026, 6, 1), ends_on=date(2026, 6, 1), fiscal_year=2026,
                            expert=recent, status="confirmed")
    ranked = matching.rank(requested)
    assert [m.expert.name for m in ranked] == ["B fresh", "A recent"]
    assert "2026-06-01 にこの団体へ派遣済み" in [r for _p, r in ranked[1].reasons]


def test_rank_query_count_is_flat(world, requested):
    make_expert(name="1")
    with CaptureQueriesContext(connection) as one:
        matching.rank(requested)
    make_expert(name="2")
    make_expert(name="3")
    with CaptureQueriesContext(connection) as three:
        assert len(matching.rank(requested)) == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_set_dates_by_the_expert_marks_availability(world, adviser):
    assert services.set_dates(by=world.people["expert"], expert=adviser, days=[DAY], available=False) == 1
    services.set_dates(by=world.people["expert"], expert=adviser, days=[DAY], available=True)
    assert list(adviser.dates.values_list("available", flat=True)) == [True]


def test_set_dates_by_someone_else_is_denied(world, adviser):
    import pytest
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_dates(by=world.people["municipality_staff"], expert=adviser, days=[DAY], available=True)


def test_update_profile_by_the_expert(world, adviser):
    services.update_profile(by=world.people["expert"], expert=adviser, data={"languages": ["ja", "ko"]})
    adviser.refresh_from_db()
    assert adviser.languages == ["ja", "ko"]


def test_update_profile_neither_onsite_nor_online_is_refused(world, adviser):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.update_profile(by=world.people["expert"], expert=adviser, data={"onsite": False, "online": False})
    adviser.refresh_from_db()
    assert (adviser.onsite, adviser.online) == (True, True)


def test_rank_with_a_limit_keeps_the_best_as_full_profiles(world, requested):
    make_expert(name="A", fields=["防災"], languages=["ja"])
    make_expert(name="B", fields=["観光"], languages=["ja"], bio="")
    make_expert(name="C", fields=["観光"], languages=["en"], bio="")
    (best,) = matching.rank(requested, limit=1)
    assert (best.expert.name, best.expert.hourly_fee) == ("A", 10_000)
    assert best.score == sum(p for p, _r in best.reasons) == 30 + 10 + 20 + 5 + 0 + 5


def test_reasons_are_in_the_language_of_the_reader(world, requested):
    from django.utils import translation

    make_expert(name="A", fields=["防災"], languages=["ja"])
    (match,) = matching.rank(requested)
    with translation.override("en"):
        english = [r for _p, r in match.reasons]
    assert english[0] == "Field “防災” matches" and [r for _p, r in match.reasons][0] == "専門分野「防災」が一致"


def test_dispatch_page_lists_at_most_the_shown_matches(world, requested):
    from kizuna.dispatch.models import Expert

    Expert.objects.bulk_create([Expert(name=f"E{i:02d}", programme="regional", languages=["ja"])
                                for i in range(matching.SHOWN + 3)])
    page = world.client_for("hq_staff").get(requested.get_absolute_url())
    assert len(page.context["matches"]) == matching.SHOWN
    assert page.content.count(b'name="expert"') == matching.SHOWN
