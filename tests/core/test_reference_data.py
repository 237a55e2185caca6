"""The reference data loaded from kizuna/core/data/reference: counts, codes, links, idempotence."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.urls import reverse

from kizuna.core.codes import validate_lgcode
from kizuna.core.models import CoveredCountry, Organisation
from kizuna.core.queries import branch_for, directory
from kizuna.core.reference import expected_active_counts, expected_counts, load_reference_data
from tests.factories import arrange_update


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = load_reference_data()
    yield report
    with django_db_blocker.unblock():
        CoveredCountry.objects.all().delete()
        arrange_update(Organisation.objects, local_government=None, parent=None, prefecture=None)
        Organisation.objects.all().delete()


@pytest.mark.django_db
def test_load_reference_data_has_every_body(reference):
    counts = dict(Organisation.objects.values_list("kind").annotate(n=Count("id")))
    assert counts == expected_counts()


@pytest.mark.django_db
def test_load_reference_data_municipality_types_match_the_official_totals(reference):
    types = dict(Organisation.objects.filter(kind="municipality").values_list("municipality_type")
                 .annotate(n=Count("id")))
    assert types == {"designated_city": 20, "city": 772, "town": 743, "village": 183, "special_ward": 23}


@pytest.mark.django_db
def test_load_reference_data_every_code_passes_its_check_digit(reference):
    for code in Organisation.objects.filter(code__isnull=False).values_list("code", flat=True):
        validate_lgcode(code)


@pytest.mark.django_db
def test_load_reference_data_second_run_changes_nothing(reference):
    before = list(Organisation.objects.order_by("pk").values_list("pk", "name", "search_text"))
    report = load_reference_data()
    assert (report.created, report.updated) == ({}, {})
    assert list(Organisation.objects.order_by("pk").values_list("pk", "name", "search_text")) == before


@pytest.mark.django_db
def test_load_reference_data_names_in_kana_and_english(reference):
    chiyoda = Organisation.objects.get(code="131016")
    sapporo_chuo = Organisation.objects.get(code="011011")
    assert (chiyoda.name, chiyoda.name_kana, chiyoda.name_en) == ("千代田区", "ちよだく", "Chiyoda, Tokyo")
    assert (sapporo_chuo.name, sapporo_chuo.parent.name, sapporo_chuo.prefecture.name) == (
        "札幌市中央区", "札幌市", "北海道")


@pytest.mark.django_db
def test_load_reference_data_branches_serve_prefectures_and_designated_cities(reference):
    branches = Organisation.objects.filter(kind="branch")
    served = {b.local_government.municipality_type for b in branches.select_related("local_government")}
    assert (branches.count(), served) == (67, {"prefecture", "designated_city"})
    chuo = Organisation.objects.get(code="011011")
    chiyoda = Organisation.objects.get(code="131016")
    assert (branch_for(chuo).local_government.name, branch_for(chiyoda).local_government.name) == ("札幌市", "東京都")


@pytest.mark.django_db
def test_load_reference_data_overseas_offices_with_time_zones_and_countries(reference):
    offices = {o.slug: o for o in Organisation.objects.filter(kind="office")}
    paris = set(offices["par"].covered_countries.values_list("country", flat=True))
    assert sorted(offices) == ["bej", "lon", "nyc", "par", "sel", "sin", "syd"]
    assert (offices["nyc"].timezone, offices["syd"].timezone) == ("America/New_York", "Australia/Sydney")
    assert paris == {"FR", "BE", "LU", "CH", "IT", "ES", "PT", "MC"}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["東京都千代田区", "千代田", "ちよだ", "チヨダ", "Chiyoda City", "131016", "13101-6",
                                   "chiyoda"])
def test_directory_search_finds_chiyoda(reference, query):
    assert "131016" in [o.code for o in directory(AnonymousUser(), query=query)[:10]]


@pytest.mark.django_db
def test_directory_search_ignores_macrons(reference):
    assert "011011" in [o.code for o in directory(AnonymousUser(), query="chuo sapporo")[:10]]


@pytest.mark.django_db
def test_load_reference_data_keeps_what_staff_changed(reference, world_hq_staff):
    from kizuna.core.audit import save_logged

    chiyoda = Organisation.objects.get(code="131016")
    chiyoda.catchphrase = "国際交流のまち千代田"  # as the admin site saves a staff member's change
    save_logged(chiyoda, "core.organisation.update", by=world_hq_staff, fields=["catchphrase"])
    load_reference_data()
    chiyoda.refresh_from_db()
    assert (chiyoda.catchphrase, chiyoda.name_en) == ("国際交流のまち千代田", "Chiyoda, Tokyo")


@pytest.fixture
def world_hq_staff(db):
    from tests.factories import MembershipFactory, UserFactory

    hq = Organisation.objects.get(slug="hq")
    person = UserFactory()
    MembershipFactory(person=person, organisation=hq, role="staff")
    return person


# -- dated changes (changes.csv): Hamamatsu's seven wards became three on 2024-01-01 -------------------------------

@pytest.mark.django_db
def test_abolished_wards_are_kept_with_their_day_and_successors(reference):
    active = dict(Organisation.objects.filter(is_active=True).values_list("kind").annotate(n=Count("id")))
    assert active == expected_active_counts()
    naka = Organisation.objects.get(code="221317")
    assert (naka.name, naka.is_active, str(naka.abolished_on)) == ("浜松市中区", False, "2024-01-01")
    assert [s.name for s in naka.successors.all()] == ["浜松市中央区"]
    kita = Organisation.objects.get(code="221350")
    assert sorted(kita.successors.values_list("code", flat=True)) == ["221384", "221392"]  # split between two
    chuo = Organisation.objects.get(code="221384")
    assert (chuo.kind, chuo.parent.name, chuo.prefecture.name, chuo.is_active) == ("ward", "浜松市", "静岡県", True)
    assert chuo.name_kana == "はままつしちゅうおうく" and chuo.name_en == "Chūō-ku, Hamamatsu"
    assert sorted(chuo.predecessors.values_list("code", flat=True)) == ["221317", "221325", "221333", "221341",
                                                                        "221350"]
    # the new 天竜区 has a new code; the old one of the same name is abolished, not renamed
    assert Organisation.objects.get(code="221376").successors.get().code == "221406"


@pytest.mark.django_db
def test_the_directory_shows_an_abolished_ward_and_finds_the_current_one_first(reference, client):
    naka = Organisation.objects.get(code="221317")
    page = client.get(naka.get_absolute_url())  # public: the records that name it still open
    text = page.content.decode()
    assert page.status_code == 200 and "abolished 2024-01-01" not in text  # Japanese by default
    english = client.get(naka.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "abolished 2024-01-01" in english and "浜松市中央区" in english
    listing = client.get(reverse("core:directory"), {"q": "浜松市中区"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="abolished"' in listing and "浜松市中央区" in listing
    assert re.search(r'data-testid="abolished">[^\n]*?→ <a href="/organisations/\d+/">浜松市中央区</a>', listing)
    found = [(o.code, o.abolished_on) for o in directory(AnonymousUser(), query="浜松")]
    current = [code for code, abolished_on in found if abolished_on is None]
    assert [code for code, _day in found[:len(current)]] == current and len(found) > len(current)  # abolished after
    assert {"221384", "221392", "221406"} <= set(current)
    assert directory(AnonymousUser(), query="天竜区")[0].code == "221406"


@pytest.mark.django_db
def test_a_change_not_yet_in_force_waits_and_a_bad_one_changes_nothing(reference, tmp_path):
    from datetime import date

    from kizuna.core.loading import FileProblems

    header = "effective,change,lgcode,name,kana,name_en,lat,lng,successors,source\n"
    future = tmp_path / "future.csv"
    future.write_text(header + "2031-04-01,abolished,011011,札幌市 中央区,,,,,011029,test\n", encoding="utf-8")
    report = load_reference_data(changes=future, today=date(2026, 12, 5))
    assert Organisation.objects.get(code="011011").abolished_on is None
    assert any("2031-04-01" in note for note in report.notes)
    before = list(Organisation.objects.order_by("pk").values_list("pk", "is_active", "abolished_on", "updated_at"))
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "2030-01-01,abolished,011029,札幌市 北区,,,,,011011,test\n"
                   "2025-04-01,abolished,011011,札幌市 中央区,,,,,999999,test\n", encoding="utf-8")
    with pytest.raises(FileProblems, match="row 3 \\(011011\\)"):  # the file's row, though applied first
        load_reference_data(changes=bad)
    assert list(Organisation.objects.order_by("pk").values_list(
        "pk", "is_active", "abolished_on", "updated_at")) == before
