"""The badges, the delegation list and the itinerary read back with poppler: the names in Chinese, Korean and
Latin letters are there, in the CJK and Latin Noto faces, and the needs only for the handling staff."""

import pytest

from kizuna.delegations import documents, queries
from kizuna.delegations.models import Delegation
from tests.delegations.conftest import DIETARY, chinese, korean
from tests.signage.pdfcheck import contains, fonts_of, pages_of, text_of

pytestmark = pytest.mark.django_db


def _all(w):
    chinese(w), korean(w)
    return list(queries.with_members(Delegation.objects.all()))


def test_badges_carry_each_name_in_its_script_and_in_latin_letters(world):
    found = _all(world)
    pdf = documents.badges_pdf(found[0].programme, found)
    text = text_of(pdf)
    for name, language in (("王伟", "zh"), ("陈静", "zh"), ("김민수", "ko"), ("WANG Wei", "en"), ("KIM Minsu", "en")):
        assert contains(text, name, language), name
    assert contains(text, "中国地方政府代表团", "zh") and contains(text, "대한민국 대표단", "ko")
    assert contains(text, "日中韓3か国地方政府交流会議", "ja")
    names = {f["name"] for f in fonts_of(pdf)}
    assert any("CJKsc" in n or "CJK-SC" in n or "SC" in n for n in names), names
    assert any("CJKkr" in n or "KR" in n for n in names), names
    assert all(f["embedded"] for f in fonts_of(pdf))
    assert pages_of(pdf) == 1  # three badges: one sheet of eight


def test_badges_fill_a_new_sheet_after_eight(world):
    from kizuna.delegations import services

    d = chinese(world)
    for n in range(7):
        services.add_member(by=world.people["office_staff"], delegation=d, name=f"成员{n}",
                            name_latin=f"MEMBER {chr(65 + n)}")
    found = list(queries.with_members(Delegation.objects.filter(pk=d.pk)))
    assert pages_of(documents.badges_pdf(d.programme, found)) == 2


def test_cancelled_delegations_have_no_badges(world):
    chinese(world, "cancelled")
    korean(world)
    found = list(queries.with_members(Delegation.objects.all()))
    text = text_of(documents.badges_pdf(found[0].programme, found))
    assert "WANG Wei" not in text and "KIM Minsu" in text


def test_the_list_shows_needs_only_of_the_delegations_handled(world):
    found = _all(world)
    prog = found[0].programme
    cn = next(d for d in found if d.country == "CN")
    with_needs = text_of(documents.list_pdf(prog, found, needs_of={cn.pk}))
    assert contains(with_needs, "素食", "zh") and contains(with_needs, "CA927", "en")
    assert "No pork" not in with_needs  # the Korean delegation is not in needs_of
    without = text_of(documents.list_pdf(prog, found, needs_of=set()))
    assert "素食" not in without and DIETARY not in without and contains(without, "WANG Wei", "en")


def test_the_itinerary_lists_arrivals_visits_and_departures_in_the_venue_zone(world):
    d = list(queries.with_members(Delegation.objects.filter(pk=chinese(world).pk)))[0]
    text = text_of(documents.itinerary_pdf(d))
    for piece in ("CA927", "CA928", "千代田区", "防災まちづくりの視察", "Asia/Tokyo"):
        assert contains(text, piece, "ja"), piece
    assert text.index("CA927") < text.index("千代田区") < text.index("CA928")


def test_name_size_shrinks_with_length():
    assert documents.name_size("王伟") == 30
    assert documents.name_size("Maximilian Alexander von Hohenberg-Sternfeld") < 18
