"""The pictogram library: our own drawings for the meanings of JIS Z 8210 and the food allergens, a message's own
pictogram (chosen in the form and the admin, seeded by the loader, shown on the page, the preview, the PDF and
in the API), the public gallery with SVG files, and pictogram-only sheets printed as PDF."""

from xml.etree import ElementTree

import pytest
from django.urls import reverse

from kizuna.core.audit import SYSTEM, update_logged
from kizuna.signage.loading import load_bank
from kizuna.signage.models import Category, Message, SheetMade
from kizuna.signage.pdf import sign_pdf
from kizuna.signage.pictograms import LIBRARY, MANDATORY_ALLERGENS, Kind, svg_file
from kizuna.signage.services import add_message
from kizuna.signage.signs import SignSpec, build_sign
from tests.audit_helpers import logged
from tests.signage.conftest import bank_data
from tests.signage.pdfcheck import pages_of, text_of

API = "/api/v1/signage"
JIS_MEANINGS = ("evacuation-shelter", "evacuation-site", "drinking-water", "toilet", "accessible-toilet",
                "first-aid", "information", "food", "phone-charging", "bath-shower", "pets-allowed", "no-entry",
                "no-smoking", "aed", "wheelchair", "nursing-room", "lost-found", "emergency-exit", "stairs",
                "elevator", "parking", "waiting-area", "wifi", "laundry", "clinic", "rubbish",
                "garbage-separation")


def test_library_has_thirty_symbols_the_jis_meanings_and_the_eight_mandatory_allergens():
    symbols = [p for p in LIBRARY.values() if p.kind != Kind.ALLERGEN]
    allergens = {p.key for p in LIBRARY.values() if p.kind == Kind.ALLERGEN}
    assert len(symbols) >= 30
    assert [key for key in JIS_MEANINGS if key not in LIBRARY] == []
    assert set(MANDATORY_ALLERGENS) <= allergens
    assert {"pork", "beef", "chicken", "alcohol", "vegetarian"} <= allergens
    assert all(p.name and p.name_en and p.name != p.name_en or p.key == "wifi" for p in LIBRARY.values())


def test_every_bank_category_keeps_its_pictogram():
    categories = {c["key"] for c in bank_data()["category"]}
    # The pointing boards' and the general signs' messages had no category pictogram before and have none now.
    assert sorted(categories - set(LIBRARY)) == ["pointing-evacuee", "pointing-staff", "signs"]


@pytest.mark.parametrize("key", sorted(LIBRARY))
def test_each_svg_file_is_well_formed_and_titled(key):
    root = ElementTree.fromstring(svg_file(key).split("\n", 1)[1])
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 24 24"
    assert root.find("{http://www.w3.org/2000/svg}title").text == f"{LIBRARY[key].name} / {LIBRARY[key].name_en}"


def test_gallery_lists_every_pictogram_with_its_svg_download(client, db):
    page = client.get(reverse("signage:pictograms"), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert [key for key in LIBRARY if f'data-testid="svg-{key}"' not in html] == []
    svg = client.get(reverse("signage:pictogram_svg", args=["aed"]))
    assert svg["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert svg["Content-Disposition"] == 'attachment; filename="kizuna-pictogram-aed.svg"'
    assert client.get("/signs/pictograms/unicorn.svg").status_code == 404


def test_loader_seeds_fitting_pictograms_and_keeps_a_person_s_choice(bank):
    assert (bank["toilet"].pictogram, bank["staff-only"].pictogram, bank["water-station"].pictogram) == (
        "toilet", "no-entry", "drinking-water")
    update_logged(Message.objects.filter(pk=bank["toilet"].pk), "signage.message.change", by=SYSTEM,
                  pictogram="accessible-toilet")
    load_bank(bank_data({"19-facilities.toml"}))
    assert Message.objects.get(pk=bank["toilet"].pk).pictogram == "accessible-toilet"


def test_loader_refuses_an_unknown_pictogram(db):
    data = bank_data({"19-facilities.toml"})
    data["files"][0]["message"][0]["pictogram"] = "unicorn"
    with pytest.raises(Exception, match="unknown pictogram 'unicorn'"):
        load_bank(data)
    assert not Message.objects.exists()


def test_own_message_chosen_pictogram_shows_on_page_preview_pdf_and_api(world, bank):
    staff = world.client_for("municipality_staff")
    response = staff.post(reverse("signage:add_message"), {"category": "facilities", "ja": "喫煙所はありません",
                                                           "en": "No smoking area", "pictogram": "no-smoking"})
    message = Message.objects.get(organisation=world.chiyoda)
    assert response.status_code == 302 and message.pictogram == "no-smoking"
    assert 'data-pictogram="no-smoking"' in staff.get(message.get_absolute_url()).content.decode()
    preview = staff.get(reverse("signage:builder"), {"m": message.pk, "lang": ["ja", "en"], "preview": "1"})
    assert 'data-pictogram="no-smoking"' in preview.content.decode()
    sign = build_sign(SignSpec((message.pk,), ("ja", "en")), world.people["municipality_staff"])
    assert sign.blocks[0].has_pictogram and 'data-pictogram="no-smoking"' in str(sign.blocks[0].pictogram)
    assert pages_of(sign_pdf(sign, "https://example.org/")) == 1
    data = staff.get(f"{API}/messages/{message.pk}").json()
    assert (data["pictogram"], data["shown_pictogram"]) == ("no-smoking", "no-smoking")
    category_only = staff.get(f"{API}/messages/{bank['blankets'].pk}" if "blankets" in bank
                              else f"{API}/messages/{bank['quiet-please'].pk}").json()
    assert (category_only["pictogram"], category_only["shown_pictogram"]) == ("", "facilities")


def test_changing_the_pictogram_is_in_the_history_and_a_bad_one_is_refused_beside_the_field(world, bank):
    staff = world.client_for("municipality_staff")
    message = add_message(by=world.people["municipality_staff"], organisation=world.chiyoda,
                          category=Category.objects.get(key="facilities"), texts={"ja": "洗濯機", "en": "Washer"})
    url = reverse("signage:edit_message", args=[message.pk])
    refused = staff.post(url, {"category": "facilities", "ja": "洗濯機", "pictogram": "unicorn"},
                         HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert "Select a valid choice. unicorn is not one of the available choices." in refused.content.decode()
    assert Message.objects.get(pk=message.pk).pictogram == ""
    staff.post(url, {"category": "facilities", "ja": "洗濯機", "en": "Washer", "pictogram": "laundry"})
    assert Message.objects.get(pk=message.pk).pictogram == "laundry"
    who, changes = logged(message, "signage.message.change")
    assert (who, changes["pictogram"]) == (world.people["municipality_staff"], ["", "laundry"])


def test_api_lists_pictograms_with_svg_and_filters_by_kind(client, db):
    every = client.get(f"{API}/pictograms").json()
    allergens = client.get(f"{API}/pictograms", {"kind": "allergen"}).json()
    assert len(every) == len(LIBRARY) and every[0]["svg"].startswith("<?xml")
    assert {p["key"] for p in allergens} >= set(MANDATORY_ALLERGENS)
    assert {p["kind"] for p in allergens} == {"allergen"}
    assert client.get(f"{API}/pictograms", {"kind": "dragon"}).status_code == 422


def _sheet(client, **params):
    return client.get(reverse("signage:pictogram_sheet"), params, HTTP_ACCEPT_LANGUAGE="en")


def test_pictogram_sheet_prints_one_large_symbol_per_page_with_its_names(world):
    staff = world.client_for("municipality_staff")
    pdf = _sheet(staff, p=["aed", "egg", "toilet"], names=["ja", "en"], format="pdf")
    text = text_of(pdf.content)
    assert pdf["Content-Type"] == "application/pdf" and pages_of(pdf.content) == 3
    assert [name for name in ("卵", "Egg", "トイレ", "Toilet", "AED (defibrillator)") if name not in text] == []
    assert list(SheetMade.objects.values_list("kind", "sheets", "languages", "organisation")) == [
        ("picto", 3, ["ja", "en"], world.chiyoda.pk)]


def test_pictogram_sheet_of_symbols_alone_on_one_page(client, db):
    pdf = _sheet(client, p=["shrimp", "crab", "walnut", "wheat", "buckwheat", "egg", "milk", "peanut"],
                 layout="grid", format="pdf")
    assert pages_of(pdf.content) == 1 and text_of(pdf.content).strip() == ""


@pytest.mark.parametrize(("params", "error"), [
    ({"p": ["unicorn"]}, "“unicorn” is not a pictogram of the library."),
    ({"format": "pdf"}, "Choose at least one pictogram."),
    ({"p": ["aed"], "names": ["fr"]}, "Names are printed in Japanese (ja) or English (en), not “fr”."),
    ({"p": ["aed"], "size": "B5"}, "Select a valid choice. B5 is not one of the available choices."),
])
def test_pictogram_sheet_refuses_bad_input_clearly_and_prints_nothing(client, db, params, error):
    response = _sheet(client, **params)
    assert response.status_code == 400 and error in response.content.decode()
    assert not SheetMade.objects.exists()


def test_pictogram_sheet_page_shows_the_chosen_and_a_pdf_link(client, db):
    page = _sheet(client, p=["wifi", "stairs"])
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="sheet-pdf"' in html and "2 pictograms chosen" in html
    assert not SheetMade.objects.exists()  # the page prints nothing
