"""Fees and the split of costs between CLAIR and the host, as each programme's rules say. Pure functions."""

from decimal import ROUND_HALF_UP, Decimal

from .enums import COST_SHARES, FEE_HOURS_CAP, Programme


def fee_for(programme: str, hourly_fee: int, hours) -> int:
    """The fee in yen; regional-adviser fees count at most 4 hours."""
    counted = Decimal(str(hours or 0))
    if programme == Programme.REGIONAL:
        counted = min(counted, Decimal(FEE_HOURS_CAP))
    return int((counted * hourly_fee).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def split(programme: str, *, fee: int, travel: int) -> tuple[int, int]:
    """(CLAIR's part, the host's part) in yen; they always add up to fee + travel."""
    shares = COST_SHARES[Programme(programme)]
    clair = fee * shares["fee"] // 100 + travel * shares["travel"] // 100
    return clair, fee + travel - clair
