import pytest


@pytest.fixture(autouse=True)
def _english():
    """Services' refusals are matched in English here (the Japanese ones are checked by the translation tests)."""
    from django.utils import translation

    translation.activate("en")
    yield
