"""Refusals are checked by their error code, not their (translated) message."""

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError


@contextmanager
def refused(code: str):
    with pytest.raises(ValidationError) as caught:
        yield caught
    error = caught.value
    if hasattr(error, "error_dict"):  # refusals tied to fields of a form
        codes = {e.code for errors in error.error_dict.values() for e in errors}
    else:
        codes = {e.code for e in error.error_list} if hasattr(error, "error_list") else set()
    assert codes == {code}, f"refused with {codes}, expected {code}: {caught.value.messages}"
