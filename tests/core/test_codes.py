import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kizuna.core.codes import check_digit, validate_lgcode, with_check_digit


@pytest.mark.parametrize("code", ["011002", "130001", "131016", "271004", "472018"])
def test_validate_lgcode_accepts_real_codes(code):
    validate_lgcode(code)


def test_validate_lgcode_accepts_full_width_digits():
    validate_lgcode("１３１０１６")


def test_check_digit_matches_the_formula_for_chiyoda():
    assert check_digit("13101") == 6


@given(st.integers(min_value=1, max_value=47), st.integers(min_value=0, max_value=999))
def test_with_check_digit_always_validates(prefecture, municipality):
    validate_lgcode(with_check_digit(f"{prefecture:02d}{municipality:03d}"))


@given(st.integers(min_value=1, max_value=47), st.integers(min_value=0, max_value=999), st.integers(1, 9))
def test_validate_lgcode_refuses_every_wrong_check_digit(prefecture, municipality, shift):
    good = with_check_digit(f"{prefecture:02d}{municipality:03d}")
    bad = good[:5] + str((int(good[5]) + shift) % 10)
    with pytest.raises(ValidationError) as excinfo:
        validate_lgcode(bad)
    assert excinfo.value.code == "check_digit"


def test_validate_lgcode_wrong_check_digit_says_why_in_japanese():
    with translation.override("ja"):
        with pytest.raises(ValidationError) as excinfo:
            validate_lgcode("131017")
        assert excinfo.value.messages == [
            "131017 のチェックディジットが正しくありません。"
            "13101 のチェックディジットは 6 です（131016 ではありませんか）。"
        ]


def test_validate_lgcode_wrong_check_digit_says_why_in_english():
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            validate_lgcode("131017")
        assert excinfo.value.messages == [
            "The check digit of 131017 is wrong: for 13101 it must be 6 (did you mean 131016?)."
        ]


@pytest.mark.parametrize(
    ("value", "code"),
    [("13101", "length"), ("1310166", "length"), ("13a016", "not_digits"), ("481003", "prefecture"),
     ("001007", "prefecture")],
)
def test_validate_lgcode_refuses_malformed_codes(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_lgcode(value)
    assert excinfo.value.code == code


def test_local_government_code_field_normalises_a_good_code():
    from kizuna.core.forms import LocalGovernmentCodeField

    assert LocalGovernmentCodeField().clean("１３１０１６") == "131016"


def test_local_government_code_field_refuses_a_bad_check_digit_in_japanese():
    from kizuna.core.forms import CodeLookupForm

    with translation.override("ja"):
        form = CodeLookupForm({"code": "011001"})
        assert form.errors == {"code": [
            "011001 のチェックディジットが正しくありません。"
            "01100 のチェックディジットは 2 です（011002 ではありませんか）。"]}


def test_organisation_model_refuses_a_bad_code(db):
    from kizuna.core.models import Organisation

    org = Organisation(kind="municipality", name="札幌市", code="011003")
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    assert list(excinfo.value.message_dict) == ["code"]
