"""Refusals are checked by their error code, not their (translated) message."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError


@contextmanager
def refused(code: str):
    with pytest.raises(ValidationError) as caught:
        yield caught
    codes = {e.code for e in caught.value.error_list} if hasattr(caught.value, "error_list") else set()
    assert codes == {code}, f"refused with {codes}, expected {code}: {caught.value.messages}"
