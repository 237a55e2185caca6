"""Fixtures of the signage tests: the phrase bank (a few files of the real data, or all of it)."""

import pytest

from kizuna.signage.loading import load_bank, read_bank
from tests.browser.conftest import browser, page  # noqa: F401 - the shared Chromium fixtures, for test_browser

SMALL = {"19-facilities.toml", "09-reception.toml", "20-notices.toml"}


def bank_data(files=None):
    data = read_bank()
    if files is not None:
        data["files"] = [f for f in data["files"] if f["path"] in files]
    return data


@pytest.fixture
def bank(db):
    """The facilities, reception (registration card) and notices messages of the real bank."""
    load_bank(bank_data(SMALL))
    from kizuna.signage.models import Message

    return {m.key: m for m in Message.objects.all()}


@pytest.fixture
def full_bank(db):
    load_bank(bank_data())
    from kizuna.signage.models import Message

    return {m.key: m for m in Message.objects.all()}
