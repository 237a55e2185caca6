from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kizuna.dispatch import costs, services
from kizuna.dispatch.enums import Status
from kizuna.dispatch.models import Dispatch

from .conftest import ask


def test_request_dispatch_third_regional_adviser_in_a_fiscal_year_is_refused(world):
    ask(world)
    ask(world, starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 1))
    with pytest.raises(ValidationError) as caught:
        ask(world, starts_on=date(2027, 3, 10), ends_on=date(2027, 3, 10))
    assert caught.value.code == "limit"
    assert "2026年度にすでに地域国際化推進アドバイザーの派遣を 2 回" in caught.value.messages[0]
    assert Dispatch.objects.count() == 2


def test_request_dispatch_next_fiscal_year_counts_afresh(world):
    ask(world)
    ask(world)
    assert ask(world, starts_on=date(2027, 4, 5), ends_on=date(2027, 4, 5)).fiscal_year == 2027


def test_request_dispatch_cancelled_ones_do_not_count(world):
    first = ask(world)
    ask(world)
    services.cancel_dispatch(by=world.people["municipality_staff"], dispatch=first)
    assert ask(world).status == Status.REQUESTED


def test_request_dispatch_limit_does_not_apply_to_promotion_advisers(world):
    for _ in range(3):
        ask(world, programme="promotion")
    assert Dispatch.objects.count() == 3


def test_request_dispatch_cooperation_over_three_months_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        ask(world, programme="cooperation", starts_on=date(2026, 6, 1), ends_on=date(2026, 9, 2))
    assert caught.value.message_dict["ends_on"] == ["自治体国際協力専門家の派遣期間は3か月以内です。"]


def test_request_dispatch_cooperation_of_three_months_is_accepted(world):
    assert ask(world, programme="cooperation", starts_on=date(2026, 6, 1),
               ends_on=date(2026, 9, 1)).programme == "cooperation"


def test_request_dispatch_cooperation_for_foreign_government_through_office(world):
    from tests.factories import OrganisationFactory

    foreign = OrganisationFactory(kind="foreign_gov", name="Springfield", name_en="Springfield")
    dispatch = ask(world, programme="cooperation", by="office_staff", host=foreign)
    assert dispatch.host == foreign


def test_request_dispatch_regional_for_foreign_government_is_refused_with_nothing_saved(world):
    from tests.factories import OrganisationFactory

    foreign = OrganisationFactory(kind="foreign_gov", name="Springfield", name_en="Springfield")
    with pytest.raises(ValidationError) as caught:
        ask(world, by="office_staff", host=foreign)
    assert (list(caught.value.message_dict), Dispatch.objects.count()) == (["programme"], 0)


def test_request_dispatch_by_office_staff_for_a_municipality_is_denied(world):
    with pytest.raises(PermissionDenied):
        ask(world, by="office_staff", host=world.chiyoda)


def test_request_dispatch_by_a_former_member_is_denied(world):
    with pytest.raises(PermissionDenied):
        ask(world, by="former_member", host=world.chiyoda)


def test_request_dispatch_for_another_body_is_denied(world):
    with pytest.raises(PermissionDenied):
        ask(world, host=world.minato)


def test_request_dispatch_bad_dates_refused_with_nothing_saved(world):
    with pytest.raises(ValidationError) as caught:
        ask(world, starts_on=date(2026, 12, 5), ends_on=date(2026, 12, 1), theme="")
    assert sorted(caught.value.message_dict) == ["ends_on", "theme"]
    assert Dispatch.objects.count() == 0


def test_fee_for_regional_adviser_is_capped_at_four_hours():
    assert costs.fee_for("regional", 10_000, 6) == 40_000
    assert costs.fee_for("regional", 10_000, 2.5) == 25_000


def test_fee_for_promotion_adviser_counts_every_hour():
    assert costs.fee_for("promotion", 10_000, 6) == 60_000


def test_split_cooperation_shares_the_fee_and_adds_up():
    assert costs.split("cooperation", fee=100_001, travel=50_000) == (100_000, 50_001)
    assert sum(costs.split("regional", fee=40_000, travel=7)) == 40_007


def test_fee_notice_when_regional_hours_exceed_the_cap(world):
    assert services.fee_notice(ask(world, hours=6)) == "謝金の対象は 4 時間までです。"
    assert services.fee_notice(ask(world, hours=3)) == ""
