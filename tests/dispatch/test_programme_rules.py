"""The rules of each dispatch programme, in one place (enums.PROGRAMME_RULES), and the cost split they give."""

import pytest

from kizuna.dispatch import costs
from kizuna.dispatch.enums import PROGRAMME_RULES, Programme


def test_every_programme_has_rules_with_domain_figures():
    assert set(PROGRAMME_RULES) == set(Programme)
    regional = PROGRAMME_RULES[Programme.REGIONAL]
    assert (regional.per_body_per_year, regional.fee_hours_cap, regional.clair_share) == (
        2, 4, {"travel": 100, "allowance": 100, "fee": 100})
    assert PROGRAMME_RULES[Programme.COOPERATION].max_months == 3


def test_split_adds_up_and_follows_the_programme():
    assert costs.split("regional", fee=40_000, travel=15_000) == (55_000, 0)
    assert costs.split("cooperation", fee=40_001, travel=15_000) == (35_000, 20_001)
    assert costs.split("cooperation", fee=40_001, travel=15_000, allowance=9_000) == (44_000, 20_001)


def test_fee_is_capped_only_where_the_programme_caps_it():
    assert costs.fee_for("regional", 10_000, 6) == 40_000
    assert costs.fee_for("promotion", 10_000, 6) == 60_000


def test_a_deployment_may_set_clairs_shares(settings):
    settings.KIZUNA_DISPATCH_CLAIR_SHARES = {"cooperation": {"fee": 100}, "promotion": {"travel": 0}}
    assert costs.split("cooperation", fee=40_000, travel=15_000) == (55_000, 0)
    assert costs.split("promotion", fee=40_000, travel=15_000) == (40_000, 15_000)


def test_a_share_that_is_not_a_percentage_is_refused(settings):
    settings.KIZUNA_DISPATCH_CLAIR_SHARES = {"regional": {"fee": 150}}
    with pytest.raises(ValueError):
        costs.split("regional", fee=1, travel=1)
