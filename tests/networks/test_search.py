"""The directories in the core name search: a manager by kanji, kana or romaji; an association by its English
name; an NGO by a field's name; never a record the asker may not see."""

import pytest

from kizuna.core.search import search_names
from kizuna.networks.models import AssociationProfile, Manager, NgoProfile
from tests.networks.conftest import association, manager, ngo

pytestmark = pytest.mark.django_db


def _names(results):
    return [str(r) for r in results]


@pytest.mark.parametrize("query", ["北村", "北村直子", "きたむら", "キタムラ ナオコ", "kitamura", "Kitamura Naoko"])
def test_a_manager_is_found_by_kanji_kana_and_romaji(world, query):
    manager(world)
    manager(world, name="大野 健太", kana="おおの けんた", romaji="Ono Kenta")
    assert _names(search_names("managers", query, Manager.objects.all())) == ["北村 直子"]


def test_search_never_widens_what_a_person_sees(world):
    manager(world, listed=False)
    assert len(search_names("managers", "kitamura", Manager.objects.visible_to(None))) == 0
    assert len(search_names("managers", "kitamura", Manager.objects.visible_to(world.people["hq_staff"]))) == 1


def test_associations_and_ngos_by_name_and_field(world):
    association(world)
    ngo(world)
    found = search_names("associations", "Tokyo International", AssociationProfile.objects.all())
    assert len(found) == 1
    assert len(search_names("ngos", "さいがいたげんご", NgoProfile.objects.all())) == 1
    assert len(search_names("ngos", "防災", NgoProfile.objects.all())) == 1  # the field's name in Japanese
