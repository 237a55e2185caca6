"""Fees, the split of costs between CLAIR and the host as each programme's rules say, and the tax withheld from
an expert's fee. Pure functions."""

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


# Withholding of income tax on an expert's fee (源泉徴収, 所得税法 204条 and 復興特別所得税): 10.21 % of a payment
# up to 1,000,000 yen; above it, 20.42 % of the excess plus 102,100 yen. What is below 1 yen is dropped, as the
# National Tax Agency's tables do. Rates in ten-thousandths so that the sums stay in integers.
WITHHOLDING_THRESHOLD = 1_000_000
WITHHOLDING_RATE = 1021         # 10.21 %: income tax 10 % × 1.021 (the reconstruction special income tax)
WITHHOLDING_RATE_ABOVE = 2042   # 20.42 % on what exceeds the threshold


def withholding(payment: int) -> int:
    """The tax withheld from one payment of a fee, in whole yen (truncated)."""
    if payment < 0:
        raise ValueError("a payment is not negative")
    if payment <= WITHHOLDING_THRESHOLD:
        return payment * WITHHOLDING_RATE // 10_000
    base = WITHHOLDING_THRESHOLD * WITHHOLDING_RATE // 10_000
    return base + (payment - WITHHOLDING_THRESHOLD) * WITHHOLDING_RATE_ABOVE // 10_000
