"""The registry's import: all or nothing, row by row, in the reader's language."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import Workbook

from kizuna.exchange.importing import import_affiliations
from kizuna.exchange.models import Affiliation, ForeignPartner

from .conftest import affiliation

pytestmark = pytest.mark.django_db

GOOD = """団体コード,団体名,国,提携先,提携先(英語),州・省等,種別,提携日,交流分野,議会承認
131016,,US,Saint Paul,Saint Paul,Minnesota,姉妹,1990-04-01,education;culture,はい
13103,,France,Lyon,Lyon,,friendship,2001/5/3,教育・学校;sports,いいえ
,港区,KR,부산광역시,Busan,,パートナー,2007-02-02,,
"""


def _import(world, text, filename="registry.csv", by="hq_staff"):
    return import_affiliations(by=world.people[by], content=text.encode(), filename=filename)


def test_a_good_file_is_imported_whole(world):
    report = _import(world, GOOD)
    assert report.saved and report.ok == 3, report.rows
    assert Affiliation.objects.count() == 3 and ForeignPartner.objects.count() == 3
    lyon = Affiliation.objects.get(partner__name="Lyon")
    assert lyon.local_government == world.minato and lyon.affiliation_type == "friendship"
    assert not lyon.counted and lyon.exchange_fields == ["education", "sports"]
    assert Affiliation.objects.get(partner__country="KR").local_government == world.minato


def test_an_excel_file_and_an_existing_partner(world):
    affiliation(world, government=world.minato, name="Saint Paul")
    book = Workbook()
    sheet = book.active
    sheet.append(["local_government_code", "country", "partner", "signed_on"])
    sheet.append(["131016", "United States", "saint paul", "1990-04-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    report = import_affiliations(by=world.people["hq_staff"], content=buffer.getvalue(), filename="r.xlsx")
    assert report.saved, report.rows
    assert ForeignPartner.objects.count() == 1 and Affiliation.objects.count() == 2


def test_a_bad_row_refuses_the_whole_file_and_says_why(world):
    bad = GOOD + "131017,,US,Boston,,,sister,1990-04-01,,\n131016,,XX,Nowhere,,,sister,31/12/1990,cooking,maybe\n"
    with translation.override("en"):
        report = _import(world, bad)
    assert not report.saved and report.errors == 2
    messages = {line: message for line, _key, outcome, message in report.rows if outcome == "error"}
    assert "check digit" in messages[5] and "131016" in messages[5]
    assert "Unknown country" in messages[6] and "not a date" in messages[6]
    assert "cooking" in messages[6] and "neither yes nor no" in messages[6]
    assert not Affiliation.objects.exists() and not ForeignPartner.objects.exists()


def test_refusals_in_japanese_and_duplicates(world):
    affiliation(world)
    report = _import(world, "団体コード,国,提携先,提携日\n131016,US,Saint Paul,1990-04-01\n"
                            "131032,US,Boston,1990-04-01\n131032,US,Boston,1991-04-01\n")
    assert not report.saved
    errors = [m for _l, _k, outcome, m in report.rows if outcome == "error"]
    assert len(errors) == 2 and all(any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in m)
                                    for m in errors)
    assert Affiliation.objects.count() == 1


def test_missing_columns_and_permission(world):
    report = _import(world, "団体コード,提携先\n131016,Saint Paul\n")
    assert not report.saved and report.errors == 1
    with pytest.raises(PermissionDenied):
        _import(world, GOOD, by="municipality_staff")
