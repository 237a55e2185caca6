from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from kizuna.core.schemas import InputSchema

MAX_ID = 2**31 - 1
MAX_YEN = 10_000_000_000


class SchemeOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    rate_percent: int
    ceilings: dict
    joint_ceiling: int | None
    floor: int | None
    applicant_kinds: list[str]
    eligible_categories: list[str] = Field(..., description="The cost categories a cost line is one of.")
    excluded_categories: list[str] = Field(..., description="Costs the scheme does not pay for.")
    income_must_balance: bool = Field(..., description="The budget's income with the grant must equal its cost.")
    excluded_income_sources: list[str] = Field(..., description="Sources of income the scheme does not accept.")
    advance_payments: bool = Field(..., description="The grant may be paid in advance (概算払) before the amount "
                                                    "is fixed.")


class QuestionOut(Schema):
    key: str
    label: str
    kind: str
    required: bool
    choices: list
    show_if_key: str
    show_if_value: str


class CallOut(Schema):
    id: int
    title: str
    fiscal_year: int
    opens_at: datetime
    closes_at: datetime
    envelope: int
    is_open: bool
    scheme: SchemeOut


class CallDetailOut(CallOut):
    questions: list[QuestionOut]


class CostLineOut(Schema):
    id: int
    category: str
    description: str
    amount: int
    eligible: bool


class IncomeLineOut(Schema):
    id: int
    source: str = Field(..., description="own_funds, national_subsidy, other_subsidy, fees, donations or other.")
    description: str
    amount: int


class BudgetOut(Schema):
    """The budget (収支予算書): its cost, its income with the grant asked for, and the most the scheme allows."""

    total_cost: int
    eligible_cost: int
    other_income: int
    grant: int
    total_income: int
    difference: int = Field(..., description="Total income less total cost: 0 when the budget balances.")
    most: int | None = Field(..., description="The most the scheme's rate and ceiling allow for this cost.")


class ApplicationOut(Schema):
    id: int
    call_id: int
    title: str
    applicant: str | None
    claimed_for: str | None = Field(None, description="The JET participant a subsidy claim is for.")
    status: str
    requested_amount: int
    decided_amount: int | None
    final_amount: int | None
    round_number: int
    submitted_at: datetime | None


class ApplicationDetailOut(ApplicationOut):
    summary: str
    answers: dict
    lines: list[CostLineOut]
    income_lines: list[IncomeLineOut]
    budget: BudgetOut


class ReviewOut(Schema):
    id: int
    application_id: int
    title: str
    applicant: str | None
    status: str


class RankedOut(Schema):
    application_id: int
    title: str
    applicant: str | None
    status: str
    score: float | None
    reviews: int
    requested_amount: int
    decided_amount: int | None


class BoardOut(Schema):
    call_id: int
    envelope: int
    awarded: int
    left: int
    ranking: list[RankedOut]


class AwardIn(InputSchema):
    application_id: int = Field(..., ge=1, le=MAX_ID)
    amount: int = Field(..., ge=1, le=MAX_YEN)


class DecisionsIn(InputSchema):
    awards: list[AwardIn] = Field(default_factory=list, max_length=500)
    rejections: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default_factory=list, max_length=500)
    conditions: str = Field("", max_length=2000)


def _optional(schema: dict) -> None:
    """A field that may be left out but is never null: no `default: null` in the OpenAPI document."""
    schema.pop("default", None)


class DraftIn(InputSchema):
    """A new draft: for one of the caller's organisations (`applicant_id`), or (where the scheme takes
    individuals, and without `applicant_id`) themself."""

    title: str = Field(..., min_length=1, max_length=200)
    summary: str = ""
    theme: str = Field("", max_length=100)
    applicant_id: int | None = Field(None, ge=1, le=MAX_ID)


class DraftChangeIn(InputSchema):
    """What a draft's editors may change; fields left out keep their value. `answers` are merged into the
    saved ones, by question key (file questions are answered by uploading on the application's page)."""

    title: str = Field(None, min_length=1, max_length=200, json_schema_extra=_optional)
    summary: str = Field(None, json_schema_extra=_optional)
    theme: str = Field(None, max_length=100, json_schema_extra=_optional)
    requested_amount: int = Field(None, ge=0, le=MAX_YEN, json_schema_extra=_optional)
    answers: dict[str, str | int | None] = Field(None, json_schema_extra=_optional)


class CostLineIn(InputSchema):
    """Amounts are checked by the service (never negative), so that the refusal is in the caller's language."""

    category: str = Field(..., min_length=1, max_length=100)
    description: str = Field(..., min_length=1, max_length=300)
    amount: int
    eligible: bool = True


class IncomeLineIn(InputSchema):
    """A line of the budget's income side; the source and the amount are checked by the service (a source the
    scheme excludes, a negative amount), so that the refusal is in the caller's language."""

    source: str = Field(..., min_length=1, max_length=20)
    description: str = Field(..., min_length=1, max_length=300)
    amount: int


class InterimReportOut(Schema):
    id: int
    number: int
    due_on: date
    status: str = Field(..., description="due, submitted, returned or accepted.")
    overdue: bool
    progress: str
    spent_to_date: int | None
    submitted_at: datetime | None
    answered_at: datetime | None
    comment: str


class InterimReportIn(InputSchema):
    """The progress in words and, if known, what was spent so far (checked by the service: never negative)."""

    progress: str = Field(..., max_length=10_000)
    spent_to_date: int | None = None


class InterimAnswerIn(InputSchema):
    """Accept the report, or return it for correction (`comment` then says what to correct)."""

    accept: bool
    comment: str = Field("", max_length=5000)


class ScoreIn(InputSchema):
    criterion_id: int = Field(..., ge=1, le=MAX_ID)
    value: int
    comment: str = ""


class ScoresIn(InputSchema):
    """A score for every criterion of the scheme's rubric (the refusal names any that is missing)."""

    scores: list[ScoreIn] = Field(..., max_length=100)
    comment: str = ""


class ScoredOut(Schema):
    assignment_id: int
    application_id: int
    status: str
    weighted_score: float


class GrantMessageIn(InputSchema):
    """A message on the application's thread; for headquarters, an internal note (`internal`) the applicant never
    reads."""

    body: str = Field(..., min_length=1, max_length=20_000)
    internal: bool = False


class GrantMessageOut(Schema):
    id: int
    author: str
    body: str
    internal: bool = Field(..., description="An internal note of CLAIR (only CLAIR staff read these)")
    created_at: datetime


class GrantRefundOrderOut(Schema):
    id: int
    document_number: str = Field(..., description="The letter's number, e.g. 自国際第12号.")
    amount: int
    due_on: date
    status: str = Field(..., description="issued, received or cancelled.")
    overdue: bool
    issued_at: datetime
    received_on: date | None
    received_amount: int | None
    cancel_reason: str


class GrantSettlementOut(Schema):
    """Where the award's money stands; `closed` when the amount is fixed and exactly that much was paid."""

    decided: int
    fixed: int | None
    paid: int = Field(..., description="Approved payments.")
    waiting: int = Field(..., description="Payments prepared and waiting for a second person's approval.")
    requested: int = Field(..., description="Payment requests waiting for an answer.")
    to_pay: int
    refund_due: int = Field(..., description="Paid beyond the fixed amount and not received back yet.")
    refund_ordered: int
    refund_received: int
    room: int = Field(..., description="The most a new payment request may ask for now.")
    closed: bool
    refund_orders: list[GrantRefundOrderOut]


class GrantPaymentRequestOut(Schema):
    id: int
    kind: str = Field(..., description="advance (概算払) or settlement (精算).")
    amount: int
    note: str
    status: str = Field(..., description="submitted, accepted or returned.")
    submitted_at: datetime
    answered_at: datetime | None
    reason: str
    payment_id: int | None = Field(..., description="The payment prepared when the request was accepted.")


class GrantPaymentRequestIn(InputSchema):
    """A payment request: never more than is still due (the refusal says how much may be asked for)."""

    kind: Literal["advance", "settlement"] = Field(..., description="advance (概算払) or settlement (精算).")
    amount: int = Field(..., ge=1, le=MAX_YEN)
    note: str = Field("", max_length=5000)


class GrantPaymentRequestReturnIn(InputSchema):
    reason: str = Field(..., max_length=5000)
