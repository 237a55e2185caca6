"""Cells of exported spreadsheets and CSV files: text is never a formula."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from kizuna.core.spreadsheets import safe_cell


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_safe_cell_quotes_text_that_a_spreadsheet_would_run(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["", "国際セミナー", "a=b", " =1", -5, 3.5, Decimal("-2"), date(2026, 4, 1),
                                   datetime(2026, 4, 1, 9, 0), None, True])
def test_safe_cell_leaves_other_values_alone(value):
    assert safe_cell(value) == value
