"""The reference data loaded from kizuna/core/data/reference: counts, codes, links, idempotence."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count

from kizuna.core.codes import validate_lgcode
from kizuna.core.models import CoveredCountry, Organisation
from kizuna.core.queries import branch_for, directory
from kizuna.core.reference import expected_counts, load_reference_data
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
