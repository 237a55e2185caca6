"""The 全国地方公共団体コード (local-government code): six digits, the last a check digit.

d6 = (11 - (6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5) mod 11) mod 10
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    total = sum(int(d) * w for d, w in zip(first_five, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def with_check_digit(first_five: str) -> str:
    """'13101' -> '131016'."""
    return f"{first_five}{check_digit(first_five)}"


def normalise_code(value: str) -> str:
    """Accept full-width digits and surrounding spaces or hyphens; return the plain string."""

    return unicodedata.normalize("NFKC", str(value)).strip().replace("-", "").replace(" ", "")


def validate_lgcode(value: str) -> None:
    """Raise a ValidationError that says what is wrong with a local-government code."""
    code = normalise_code(value)
    if not code.isdigit():
        raise ValidationError(
            _("A local-government code contains digits only (you entered “%(value)s”)."),
            code="not_digits",
            params={"value": value},
        )
    if len(code) != 6:
        raise ValidationError(
            _("A local-government code has 6 digits; “%(value)s” has %(length)d."),
            code="length",
            params={"value": value, "length": len(code)},
        )
    prefecture = int(code[:2])
    if not 1 <= prefecture <= 47:
        raise ValidationError(
            _("The first two digits of a local-government code are a prefecture number from 01 to 47, "
              "not %(prefecture)s."),
            code="prefecture",
            params={"prefecture": code[:2]},
        )
    expected = check_digit(code[:5])
    if int(code[5]) != expected:
        raise ValidationError(
            _("The check digit of %(value)s is wrong: for %(first)s it must be %(expected)d "
              "(did you mean %(first)s%(expected)d?)."),
            code="check_digit",
            params={"value": code, "first": code[:5], "expected": expected},
        )
