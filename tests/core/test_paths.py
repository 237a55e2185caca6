"""A record's page path for the rows of long lists (`core.paths.path_of`): the same as `reverse`, reversed once."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from kizuna.core.paths import path_of


@pytest.mark.parametrize("name", ["core:organisation", "jet:participant", "library:work", "alumni:profile",
                                  "events:event", "grants:application"])
@pytest.mark.parametrize("pk", [1, 7, 10, 123456789])
def test_a_records_path_is_what_reverse_gives(name, pk):
    assert path_of(name, pk) == reverse(name, args=[pk])


def test_the_path_follows_the_script_prefix_kizuna_is_mounted_under():
    try:
        set_script_prefix("/kizuna/")
        assert path_of("jet:participant", 12) == reverse("jet:participant", args=[12]) == "/kizuna/jet/participants/12/"
    finally:
        set_script_prefix("/")
    assert path_of("jet:participant", 12) == "/jet/participants/12/"


def test_an_id_that_is_not_a_whole_number_is_refused_and_a_url_without_one_named():
    with pytest.raises(ValueError):
        path_of("jet:participant", "12/../admin")
    with pytest.raises(NoReverseMatch):
        path_of("alumni:mentoring", 3)  # a page without an id
