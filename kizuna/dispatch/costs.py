"""Fees and the split of costs between CLAIR and the host, as each programme's rules say. Pure functions."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from .enums import PROGRAMME_RULES, Programme


def clair_shares(programme: str) -> dict:
    """CLAIR's share in percent of travel and fee: the programme's rules (enums.PROGRAMME_RULES), or what the
    setting KIZUNA_DISPATCH_CLAIR_SHARES says for the programme."""
    shares = {**PROGRAMME_RULES[Programme(programme)].clair_share,
              **getattr(settings, "KIZUNA_DISPATCH_CLAIR_SHARES", {}).get(str(programme), {})}
    if not all(0 <= shares.get(cost, -1) <= 100 for cost in ("travel", "fee")):
        raise ValueError(f"CLAIR's shares for {programme} must be percentages of travel and fee: {shares}")
    return shares


def fee_for(programme: str, hourly_fee: int, hours) -> int:
    """The fee in yen, counting at most the programme's capped hours (regional advisers: 4)."""
    counted = Decimal(str(hours or 0))
    cap = PROGRAMME_RULES[Programme(programme)].fee_hours_cap
    if cap is not None:
        counted = min(counted, Decimal(cap))
    return int((counted * hourly_fee).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def split(programme: str, *, fee: int, travel: int) -> tuple[int, int]:
    """(CLAIR's part, the host's part) in yen; they always add up to fee + travel."""
    shares = clair_shares(programme)
    clair = fee * shares["fee"] // 100 + travel * shares["travel"] // 100
    return clair, fee + travel - clair
