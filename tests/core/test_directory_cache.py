"""The directory's rendered pages are cached; a change to the organisations shows at once."""

import re

from django import forms
from django.test import Client

from kizuna.core.audit import SYSTEM, update_logged
from kizuna.core.enums import OrgKind
from kizuna.core.forms import DirectorySearchForm, QuickSelect
from kizuna.core.models import Organisation
from tests.factories import OrganisationFactory


def names(response) -> list[str]:
    return re.findall(r'<td><a href="/organisations/\d+/">([^<]+)</a>', response.content.decode())


def test_directory_cached_search_shows_an_organisation_added_later(world):
    assert names(Client().get("/organisations/", {"q": "みなと"})) == ["港区"]

    OrganisationFactory(kind=OrgKind.ASSOCIATION, name="みなと国際交流協会",
                        name_kana="みなとこくさいこうりゅうきょうかい")

    # The ward reads exactly みなと; the association's reading only begins so.
    assert names(Client().get("/organisations/", {"q": "みなと"})) == ["港区", "みなと国際交流協会"]


def test_directory_cached_search_hides_an_organisation_deactivated_later(world):
    assert names(Client().get("/organisations/", {"q": "みなと"})) == ["港区"]

    world.minato.is_active = False
    world.minato.save()

    assert names(Client().get("/organisations/", {"q": "みなと"})) == []


def test_directory_cached_search_hides_an_organisation_deactivated_by_a_bulk_update(world):
    assert names(Client().get("/organisations/", {"q": "みなと"})) == ["港区"]

    update_logged(type(world.minato).objects.filter(pk=world.minato.pk), "core.organisation.deactivate", by=SYSTEM,
                  is_active=False)

    assert names(Client().get("/organisations/", {"q": "みなと"})) == []


def test_directory_cache_keeps_languages_apart(world):
    japanese = Client(headers={"accept-language": "ja"}).get("/organisations/", {"q": "みなと"})
    english = Client(headers={"accept-language": "en"}).get("/organisations/", {"q": "みなと"})

    assert ("Organisation directory" in japanese.content.decode(),
            "Organisation directory" in english.content.decode()) == (False, True)


def test_directory_cache_keeps_audiences_apart(world):
    world.minato.is_active = False
    world.minato.save()

    public = names(Client().get("/organisations/", {"q": "みなと"}))
    staff = names(world.client_for("hq_staff").get("/organisations/", {"q": "みなと"}))

    assert (public, staff) == ([], ["港区"])


def test_directory_htmx_and_full_page_are_cached_apart(world):
    full = Client().get("/organisations/", {"q": "みなと"})
    partial = Client().get("/organisations/", {"q": "みなと"}, headers={"hx-request": "true"})

    assert (b"<html" in full.content, b"<html" in partial.content) == (True, False)


def test_quick_select_writes_the_same_markup_as_djangos_select(world):
    class PlainForm(forms.Form):
        kind = forms.ChoiceField(required=False, choices=DirectorySearchForm.base_fields["kind"].choices)
        prefecture = forms.ModelChoiceField(required=False, empty_label="—",
                                            queryset=Organisation.objects.filter(kind=OrgKind.PREFECTURE))

    class QuickForm(PlainForm):
        kind = forms.ChoiceField(required=False, widget=QuickSelect,
                                 choices=PlainForm.base_fields["kind"].choices)
        prefecture = forms.ModelChoiceField(required=False, empty_label="—", widget=QuickSelect,
                                            queryset=PlainForm.base_fields["prefecture"].queryset)

    data = {"kind": "ward", "prefecture": str(world.tokyo.pk)}
    squeeze = lambda html: re.sub(r">\s+<", "><", str(html)).strip()  # noqa: E731

    plain, quick = PlainForm(data), QuickForm(data)
    fields = ("kind", "prefecture")
    assert [squeeze(quick[f]) for f in fields] == [squeeze(plain[f]) for f in fields]


def test_quick_select_escapes_labels_as_djangos_select_does():
    from django.utils.safestring import mark_safe

    choices = [("", "—"), ("a&b", "<b>bold</b> & \"quoted\""), ("s", mark_safe("<i>safe</i>"))]
    plain = forms.Select(choices=choices).render("f", "a&b")
    quick = QuickSelect(choices=choices).render("f", "a&b")
    squeeze = lambda html: re.sub(r">\s+<", "><", str(html)).strip()  # noqa: E731
    assert squeeze(quick) == squeeze(plain)
    assert "&lt;b&gt;bold&lt;/b&gt;" in quick and "<i>safe</i>" in quick


def test_kept_choices_validate_and_render_as_a_list_does_and_are_shared_not_copied():
    from kizuna.core.forms import KeptChoices

    pairs = [("", "—"), ("JP", "Japan"), ("a&b", "A & B")]
    kept = KeptChoices(pairs)

    class ListForm(forms.Form):
        country = forms.ChoiceField(required=False, widget=QuickSelect)

        def __init__(self, *args, choices, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["country"].choices = choices

    squeeze = lambda html: re.sub(r">\s+<", "><", str(html)).strip()  # noqa: E731
    for value in ("JP", "a&b", "XX", ""):
        plain, quick = ListForm({"country": value}, choices=pairs), ListForm({"country": value}, choices=kept)
        assert quick.is_valid() == plain.is_valid() == (value != "XX")
        assert quick.errors == plain.errors
        assert squeeze(quick["country"]) == squeeze(plain["country"])
    first, second = ListForm(choices=kept), ListForm(choices=kept)
    assert first.fields["country"].choices is second.fields["country"].choices is kept
    assert list(kept) == pairs and len(kept) == 3 and kept[1] == ("JP", "Japan")


def test_directory_filters_by_a_prefecture_named_in_the_pages_language_and_refuses_an_unknown_one(world):
    english = Client(headers={"accept-language": "en"})
    page = english.get("/organisations/", {"q": "みなと", "prefecture": world.tokyo.pk})
    assert names(page) == ["港区"]
    assert f'<option value="{world.tokyo.pk}" selected>{world.tokyo.name_en or world.tokyo.name}</option>' in (
        page.content.decode())
    unknown = Client().get("/organisations/", {"q": "みなと", "prefecture": "999999"})
    assert re.search(r'id="id_prefecture_error"><p>[^<]*999999', unknown.content.decode())
