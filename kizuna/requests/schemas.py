from datetime import date, datetime

from ninja import Field, Schema

from kizuna.core.schemas import InputSchema

MAX_ID = 2**31 - 1


class TargetOut(Schema):
    label: str
    due: datetime | None
    due_office_time: datetime | None
    due_jst: datetime | None
    state: str


class RequestOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    requester: str
    office: str | None
    country: str
    submitted_at: datetime
    overdue: bool
    targets: list[TargetOut]


class RequestMessageOut(Schema):
    author: str
    body: str
    internal: bool
    via_mail: bool = Field(description="The requester replied by mail")
    minutes: int | None = Field(description="Time spent recorded with it (shown to the staff on the request; "
                                "null for others)")
    created_at: datetime


class MessageIn(InputSchema):
    """A reply (or, for staff, an internal note) on a request; staff may record the minutes they spent."""

    body: str = Field(..., min_length=1, max_length=20_000)
    internal: bool = False
    minutes: int | None = Field(None, ge=1, le=24 * 60, description="Time spent, in minutes (staff only)")


class RequestDetailOut(RequestOut):
    description: str
    starts_on: date | None
    ends_on: date | None
    questions: str
    for_promotion: bool = Field(description="Remote support for an exhibition or PR (counted apart in the plan)")
    deliverable: str
    rating: int | None
    time_spent_minutes: int | None = Field(description="All the minutes staff recorded on the request (shown to "
                                           "the staff on it; null for others)")
    messages: list[RequestMessageOut]


class ResearchOut(Schema):
    id: int
    country: str
    theme: str
    title: str
    title_en: str
    summary: str
    summary_en: str
    answered_at: datetime | None
    highlight: str | None = Field(None, description="With `q`: where the answer matches, as HTML (escaped, the "
                                  "matched words in <mark>)")


class MailIn(InputSchema):
    """A reply by mail, whole (RFC 822), as the mail server received it. Larger mails (big attachments) go through
    the `requests_inbound` command."""

    message: str = Field(..., min_length=1, max_length=2_500_000)


class MailReplyOut(Schema):
    request_id: int
    message_id: int
    body: str
    files: list[str] = Field(description="The names of the files added with it")


class RequestFiguresOut(Schema):
    """The figures of one office (`key`: its id), one kind (`key`: the kind) or all (`key`: empty). Times in the
    office's working hours; percentages of targets whose outcome is known; null where there is nothing to count."""

    key: str
    label: str
    volume: int = Field(description="Requests that reached the office in the period")
    answered: int
    first_response_met_pct: float | None
    resolution_met_pct: float | None
    first_response_hours_median: float | None
    first_response_hours_mean: float | None
    resolution_hours_median: float | None
    resolution_hours_mean: float | None
    ratings: int = Field(description="Ratings of the requests answered in the period")
    rating_mean: float | None
    satisfied_pct: float | None = Field(description="Share of the ratings that are 4 or 5")
    minutes_spent: int = Field(description="Minutes staff recorded in the period")


class RequestMonthOut(Schema):
    month: date
    ratings: int
    rating_mean: float | None
    satisfied_pct: float | None


class RequestReportOut(Schema):
    year: int
    quarter: int | None
    start: date
    end: date
    total: RequestFiguresOut
    by_office: list[RequestFiguresOut]
    by_kind: list[RequestFiguresOut]
    months: list[RequestMonthOut]
