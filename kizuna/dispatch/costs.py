"""Fees and the split of costs between CLAIR and the host, as each programme's rules say. Pure functions."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from .enums import PROGRAMME_RULES, Programme

COSTS = ("travel", "allowance", "fee")  # what a dispatch costs, as its report records it


def clair_shares(programme: str) -> dict:
    """CLAIR's share in percent of each cost (travel, allowance, fee): the programme's rules
    (enums.PROGRAMME_RULES), or what the setting KIZUNA_DISPATCH_CLAIR_SHARES says for the programme."""
    shares = {**PROGRAMME_RULES[Programme(programme)].clair_share,
              **getattr(settings, "KIZUNA_DISPATCH_CLAIR_SHARES", {}).get(str(programme), {})}
    if not all(0 <= shares.get(cost, -1) <= 100 for cost in COSTS):
        raise ValueError(f"CLAIR's shares for {programme} must be percentages of {', '.join(COSTS)}: {shares}")
    return shares


def fee_for(programme: str, hourly_fee: int, hours) -> int:
    """The fee in yen, counting at most the programme's capped hours (regional advisers: 4)."""
    counted = Decimal(str(hours or 0))
    cap = PROGRAMME_RULES[Programme(programme)].fee_hours_cap
    if cap is not None:
        counted = min(counted, Decimal(cap))
    return int((counted * hourly_fee).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def split(programme: str, *, fee: int, travel: int, allowance: int = 0) -> tuple[int, int]:
    """(CLAIR's part, the host's part) in yen; they always add up to fee + travel + allowance."""
    shares = clair_shares(programme)
    amounts = {"fee": fee, "travel": travel, "allowance": allowance}
    clair = sum(amounts[cost] * shares[cost] // 100 for cost in COSTS)
    return clair, sum(amounts.values()) - clair
