import csv
import io
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from kizuna.exchange import opendata
from kizuna.exchange.models import Affiliation, Proposal
from tests.exchange.conftest import affiliation, not_counted, proposal, wanted

pytestmark = pytest.mark.django_db

PUBLIC = ["exchange:index", "exchange:prefectures", "exchange:countries", "exchange:counts", "exchange:map",
          "exchange:map_data", "exchange:open_data", "exchange:csv", "exchange:json", "exchange:schema",
          "exchange:dcat", "exchange:wanted_list"]


def _many(world, n=30, start=0):
    from kizuna.core.codes import with_check_digit
    from tests.factories import OrganisationFactory

    for i in range(start, start + n):
        org = OrganisationFactory(kind="municipality", code=with_check_digit(f"13{200 + i:03d}"), name=f"市{i}",
                                  prefecture=world.tokyo, parent=world.tokyo, latitude=35 + i / 100,
                                  longitude=139 + i / 100)
        affiliation(world, government=org, country=["US", "FR", "CN"][i % 3], name=f"Partner {i}",
                    signed_on=date(1960 + i, 1, 1))


def test_public_pages_open_without_login(world, saint_paul, client):
    not_counted(world)
    wanted(world)
    for name in PUBLIC:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    for url in (reverse("exchange:government", args=["131016"]), saint_paul.get_absolute_url(),
                saint_paul.partner.get_absolute_url(), wanted(world).get_absolute_url()):
        assert client.get(url).status_code == 200, url


def test_registry_says_what_is_not_counted(world, saint_paul, client):
    not_counted(world)
    page = client.get(reverse("exchange:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-counted="1"' in page
    assert "1 more in force are recorded but not counted" in page
    with translation.override("en"):
        assert "Not counted" in page


def test_filters_and_search(world, saint_paul, client):
    not_counted(world)
    found = client.get(reverse("exchange:index"), {"country": "KR"}).context["page"].object_list
    assert [a.partner.country for a in found] == ["KR"]
    found = client.get(reverse("exchange:index"), {"counted": "1"}).context["page"].object_list
    assert list(found) == [saint_paul]
    found = client.get(reverse("exchange:index"), {"q": "ちよだ"}).context["page"].object_list
    assert list(found) == [saint_paul]
    found = client.get(reverse("exchange:index"), {"q": "saint paul"}).context["page"].object_list
    assert list(found) == [saint_paul]
    found = client.get(reverse("exchange:index"), {"q": "米国"}).context["page"].object_list
    assert saint_paul in list(found)


def test_public_lists_keep_their_queries_flat(world, client, django_assert_max_num_queries):
    from kizuna.core.cache import clear_render_caches

    _many(world, 12)
    client.get(reverse("exchange:index"))  # warm the search index and the session
    clear_render_caches()  # the counts computed again each time: the same queries whatever the rows
    with django_assert_max_num_queries(14) as first:
        client.get(reverse("exchange:index"))
    _many(world, 30, start=12)
    clear_render_caches()
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("exchange:index"))
    for name in ("exchange:prefectures", "exchange:countries", "exchange:map", "exchange:map_data",
                 "exchange:counts"):
        clear_render_caches()
        with django_assert_max_num_queries(12):
            assert client.get(reverse(name)).status_code == 200


def test_csv_columns_are_the_schema_and_counts_match(world, saint_paul, client):
    not_counted(world)
    response = client.get(reverse("exchange:csv"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    schema = client.get(reverse("exchange:schema")).json()
    assert list(rows[0]) == [f["name"] for f in schema["fields"]] == opendata.COLUMNS
    assert len(rows) == Affiliation.objects.count() == 2
    data = client.get(reverse("exchange:json")).json()
    counted = sum(1 for r in rows if r["counted"] == "true" and r["status"] == "active")
    assert data["counts"]["counted"] == counted == 1
    page = client.get(reverse("exchange:index"))
    assert page.context["totals"].counted == data["counts"]["counted"]
    assert client.get(reverse("exchange:counts")).context["years"][-1]["in_force"] == counted
    assert [a["id"] for a in data["affiliations"]] == [int(r["id"]) for r in rows]


def test_dcat_names_the_distributions(world, saint_paul, client):
    response = client.get(reverse("exchange:dcat"))
    data = json.loads(response.content)
    assert response["Content-Type"].startswith("application/ld+json")
    assert data["@type"] == "dcat:Dataset" and "CLAIR" in json.dumps(data["dct:publisher"])
    formats = {d["dct:format"] for d in data["dcat:distribution"]}
    assert formats == {"CSV", "JSON"} and data["dct:license"]["@id"].startswith("https://creativecommons.org")


def test_map_data_has_both_sides(world, saint_paul, client):
    world.chiyoda.latitude, world.chiyoda.longitude = 35.694, 139.753
    from kizuna.core.audit import save_logged

    save_logged(world.chiyoda, "test.coordinates", by=world.people["hq_staff"], fields=["latitude", "longitude"])
    data = client.get(reverse("exchange:map_data")).json()
    assert data["partners"][0]["name"] == "Saint Paul" and data["partners"][0]["latitude"] == 44.95
    assert data["local_governments"][0]["code"] == "131016"
    page = client.get(reverse("exchange:map")).content.decode()
    assert 'data-partner="' in page and 'data-government="131016"' in page


def test_propose_and_approve_through_the_pages(world, client_for):
    city = client_for("municipality_staff")
    form = {"local_government": world.chiyoda.pk, "partner_country": "GB", "partner_name": "Westminster",
            "partner_name_en": "Westminster", "affiliation_type": "friendship", "signed_on": "2025-10-01",
            "exchange_fields": ["culture", "tourism"], "heads_signed": "on", "several_fields": "on",
            "assembly_approved": "on"}
    response = client_for("municipality_staff").post(reverse("exchange:proposal_new"), {**form, "signed_on": ""})
    assert response.status_code == 400 and not Proposal.objects.exists()
    response = city.post(reverse("exchange:proposal_new"), form)
    p = Proposal.objects.get()
    assert response.status_code == 302
    assert client_for("other_municipality_staff").get(p.get_absolute_url()).status_code == 404
    hq = client_for("hq_staff")
    assert "Westminster" in hq.get(reverse("exchange:proposals")).content.decode()
    public = client_for("anonymous")
    assert "Westminster" not in public.get(reverse("exchange:index")).content.decode()  # and kept rendered
    hq.post(reverse("exchange:proposal_decide", args=[p.pk, "approve"]), {"reason": ""})
    p.refresh_from_db()
    assert p.status == "approved" and p.affiliation.partner.name == "Westminster"
    assert "Westminster" in public.get(reverse("exchange:index")).content.decode()  # the kept page is not shown
    assert "Westminster" in public.get(reverse("api:exchange_map")).content.decode()


def test_import_page(world, client_for):
    content = "団体コード,国,提携先,提携日\n131016,US,Saint Paul,1990-04-01\n".encode()
    response = client_for("hq_staff").post(reverse("exchange:import"), {
        "file": SimpleUploadedFile("a.csv", content, content_type="text/csv")})
    assert response.status_code == 200 and response.context["report"].saved
    assert client_for("municipality_staff").get(reverse("exchange:import")).status_code == 403


def test_a_returned_proposal_is_changed_and_sent_again(world, client_for):
    p = proposal(world, "returned")
    page = client_for("municipality_staff").get(reverse("exchange:proposal_edit", args=[p.pk]))
    assert page.status_code == 200
    assert client_for("other_municipality_staff").get(reverse("exchange:proposal_edit", args=[p.pk])
                                                      ).status_code == 404


def test_the_agreement_is_for_the_government_concerned(world, client_for):
    from tests.exchange.conftest import with_agreement

    a = with_agreement(world)
    url = reverse("exchange:agreement", args=[a.pk])
    assert client_for("municipality_staff").get(url).status_code == 200
    assert client_for("prefecture_staff").get(url).status_code == 200
    assert client_for("other_municipality_staff").get(url).status_code == 404
    assert client_for("anonymous").get(url).status_code == 302
