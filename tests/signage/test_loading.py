from io import StringIO

import pytest
from django.core.management import call_command

from kizuna.signage.enums import LANGUAGE_CODES, Method, TranslationStatus
from kizuna.signage.loading import BankFileError, check_bank, load_bank
from kizuna.signage.models import Category, Message, Translation
from tests.factories import arrange_update
from tests.signage.conftest import bank_data


def test_bank_file_has_enough_messages_categories_and_languages():
    data = bank_data()
    messages = [m for f in data["files"] for m in f["message"]]
    phases = {c["phase"] for c in data["category"]}

    assert check_bank(data) == []
    assert len(messages) >= 150
    assert len({f["category"] for f in data["files"]}) >= 18
    assert phases == {"disaster", "evacuation", "shelter", "facility"}
    assert all(all(m[code].strip() for code in LANGUAGE_CODES) for m in messages)


def test_load_signage_is_idempotent(db):
    call_command("load_signage", stdout=StringIO())
    counts = (Message.objects.count(), Translation.objects.count(), Category.objects.count())
    out = StringIO()

    call_command("load_signage", stdout=out)

    assert (Message.objects.count(), Translation.objects.count(), Category.objects.count()) == counts
    assert "translation: 0 created, 0 updated" in out.getvalue()
    assert counts[1] == counts[0] * len(LANGUAGE_CODES)


def test_loaded_translations_are_recorded_as_unreviewed_machine_drafts(bank):
    translations = Translation.objects.all()

    assert {t.method for t in translations} == {Method.MACHINE}
    assert not any(t.native_reviewed for t in translations)
    assert {t.status for t in translations} == {TranslationStatus.PROPOSED}
    assert all("machine" in t.author and t.reviewer_id is None for t in translations)


def test_reload_keeps_a_reviewed_translation(bank):
    t = Translation.objects.get(message=bank["toilet"], language="en")
    arrange_update(Translation.objects.filter(pk=t.pk), text="WC", status=TranslationStatus.APPROVED)
    data = bank_data({"19-facilities.toml"})

    load_bank(data)

    assert Translation.objects.get(pk=t.pk).text == "WC"


def test_bank_with_a_missing_language_is_refused_and_nothing_saved(db):
    data = bank_data({"19-facilities.toml"})
    del data["files"][0]["message"][0]["si"]

    with pytest.raises(BankFileError) as error:
        load_bank(data)

    assert error.value.problems == ["19-facilities.toml message 1 (reception-desk): no text in si"]
    assert Message.objects.count() == 0
