from datetime import date, datetime
from zoneinfo import ZoneInfo

from kizuna.core.fiscal import reiwa_date
from kizuna.core.letters import addressee, head_of_body


def test_reiwa_date_of_a_day():
    assert reiwa_date(date(2026, 12, 3)) == "令和8年12月3日"


def test_reiwa_date_of_the_first_year_is_gannen():
    assert (reiwa_date(date(2019, 5, 1)), reiwa_date(date(2019, 12, 31))) == ("令和元年5月1日", "令和元年12月31日")


def test_reiwa_date_before_reiwa_is_heisei():
    assert reiwa_date(date(2019, 4, 30)) == "平成31年4月30日"


def test_reiwa_date_of_a_moment_is_its_day_in_japan():
    assert reiwa_date(datetime(2026, 12, 2, 16, 0, tzinfo=ZoneInfo("UTC"))) == "令和8年12月3日"


def test_head_of_body_by_the_kind_of_body(world):
    assert [head_of_body(o) for o in (world.chiyoda, world.tokyo, world.association)] == [
        "千代田区長", "東京都知事", "東京都国際交流委員会 代表者"]


def test_addressee_of_a_person(world):
    person = world.people["jet"]
    assert addressee(None, person) == f"{person.full_name or person.email} 様"
