import pytest
from django.contrib.auth.models import AnonymousUser

from kizuna.signage import queries
from kizuna.signage.models import Category, Purpose


def _keys(**kwargs):
    return {m.key for m in queries.messages(AnonymousUser(), **kwargs)}


@pytest.mark.parametrize(("query", "key"), [
    ("トイレ", "toilet"), ("給水", "water-station"), ("避難", "register-please"), ("といれ", "toilet"),
    ("TOILET", "toilet"), ("Banheiro", "toilet"), ("शौचालय", "toilet"), ("ห้องน้ำ", "toilet"),
    ("うけつけ", "reception-desk"), ("nha ve sinh", "toilet"), ("වැසිකිලිය", "toilet"),
])
def test_search_finds_message_by_keyword_in_any_language(bank, query, key):
    assert key in _keys(q=query)


def test_search_by_two_kanji_finds_only_matching_messages(bank):
    assert _keys(q="給水") == {"water-station"}


def test_search_by_category_and_purpose(bank):
    reception = Category.objects.get(key="reception")
    water = Purpose.objects.get(key="water")

    assert "card-name" in _keys(category=reception)
    assert "toilet" not in _keys(category=reception)
    assert _keys(purpose=water) == {"water-station"}


def test_search_with_blank_query_lists_everything(bank):
    assert len(_keys(q="   ")) == len(bank)
