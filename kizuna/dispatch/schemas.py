from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from kizuna.core.schemas import BoundedDate, InputSchema

MAX_ID = 2**31 - 1


class ExpertOut(Schema):
    id: int
    name: str
    programme: str
    fields: list[str]
    languages: list[str]
    regions: list[str]
    onsite: bool
    online: bool
    hourly_fee: int
    search_match: str = Field("", description="Why it matched `q` (in the caller's language); empty without one.")


class DispatchOut(Schema):
    id: int
    programme: str
    status: str
    theme: str
    host: str
    starts_on: date
    ends_on: date
    expert: str | None


class StatementLineOut(Schema):
    dispatch: int
    day: date = Field(..., description="The last day of the visit: the fee is owed for the month it falls in.")
    host: str
    theme: str
    fee: int
    withholding: int = Field(..., description="Income tax withheld from the fee: 10.21 %, 20.42 % on what one "
                                              "payment exceeds 1,000,000 yen, truncated to the yen.")
    travel_costs: int
    allowance: int
    net: int = Field(..., description="fee − withholding + travel_costs + allowance")


class StatementOut(Schema):
    expert: int
    expert_name: str
    year: int
    month: int
    lines: list[StatementLineOut]
    fee: int
    withholding: int
    travel_costs: int
    allowance: int
    net: int


class VisitOut(Schema):
    id: int
    dispatch: int = Field(..., alias="dispatch_id")
    day: date
    topic: str
    hours: float
    status: str
    report: str
    report_hours: float | None
    travel_costs: int
    allowance: int
    fee: int


class VisitIn(InputSchema):
    day: BoundedDate
    topic: str = Field(..., min_length=1, max_length=200)
    hours: float = Field(2, gt=0, le=24, description="Hours planned, to one decimal place.")


class VisitReportIn(InputSchema):
    report: str = Field(..., min_length=1, max_length=10_000)
    hours: float = Field(..., gt=0, le=24, description="Hours worked, to one decimal place.")
    travel_costs: int = Field(..., ge=0, le=10_000_000)
    allowance: int = Field(0, ge=0, le=10_000_000)


class ReportFileOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    visit: int | None = Field(None, alias="visit_id")
    url: str = Field(..., alias="get_absolute_url", description="Where the file is served (to who may open it).")


class ExpertApplicationOut(Schema):
    """An application to the expert bank as its applicant sees it (headquarters' notes and checklist are not)."""

    id: int
    status: str
    name: str
    name_kana: str
    affiliation: str
    career: str
    programmes: list[str]
    fields: list[str]
    languages: list[str]
    regions: list[str]
    onsite: bool
    online: bool
    fee_expectation: int | None
    profile: str
    references: str
    consent: bool
    decision_reason: str = Field(..., description="The reason of the last decision (returned, accepted, declined).")
    expert: int | None = Field(None, alias="expert_id", description="The registry entry made on acceptance.")
    submitted_at: datetime | None
    decided_at: datetime | None
    files: list[str] = Field(..., description="The addresses of the references and qualifications.")

    @staticmethod
    def resolve_files(obj) -> list[str]:
        return [f.get_absolute_url() for f in obj.files.all()]


class ApplicationIn(InputSchema):
    """The applicant's application (files are added on the page); `submit` submits (or resubmits) it."""

    name: str = Field(..., min_length=1, max_length=100)
    name_kana: str = Field("", max_length=100)
    affiliation: str = Field("", max_length=200)
    career: str = Field("", max_length=10_000)
    programmes: list[str] = Field(default_factory=list, max_length=4)
    fields: list[str] = Field(default_factory=list, max_length=40)
    languages: list[str] = Field(default_factory=list, max_length=20)
    regions: list[str] = Field(default_factory=list, max_length=47)
    onsite: bool = True
    online: bool = True
    fee_expectation: int | None = Field(None, ge=0, le=1_000_000)
    profile: str = Field("", max_length=5_000)
    references: str = Field("", max_length=5_000)
    consent: bool = False
    submit: bool = False


class ExpertDecisionIn(InputSchema):
    """Headquarters' step: `review` starts the review; `accept` needs `programme` and `hourly_fee`; `return` and
    `decline` need a `reason` (mailed to the applicant)."""

    action: Literal["review", "accept", "return", "decline"]
    reason: str = Field("", max_length=5_000)
    programme: str = ""
    hourly_fee: int | None = Field(None, ge=0, le=1_000_000)
