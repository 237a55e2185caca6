from datetime import date

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
