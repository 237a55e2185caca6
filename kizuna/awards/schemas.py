from ninja import Schema

from kizuna.core.schemas import InputSchema


class RoundOut(Schema):
    id: int
    fiscal_year: int
    title: str
    opens_at: str
    closes_at: str
    blind: bool
    most_winners: int | None
    through_prefecture: bool
    is_published: bool


class ConflictOut(Schema):
    judge: str
    note: str


class PanelRowOut(Schema):
    id: int
    title: str
    nominee: str
    proposer: str
    eligibility: str
    ineligible_reason: str
    score: float | None
    judges_scored: int
    conflicts: list[ConflictOut]
    result: str


class JudgingOut(Schema):
    """A judge's nomination to score: the nominee only where the round is not blind."""

    application_id: int
    round_id: int
    title: str
    nominee: str | None
    status: str


class EligibilityIn(InputSchema):
    eligible: bool
    checks: dict[str, bool] = {}
    reason: str = ""


class WinnerOut(Schema):
    fiscal_year: int
    nominee: str
    nominee_en: str
    title: str
    citation: str
    citation_en: str
