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
    created_at: datetime


class RequestDetailOut(RequestOut):
    description: str
    starts_on: date | None
    ends_on: date | None
    questions: str
    for_promotion: bool = Field(description="Remote support for an exhibition or PR (counted apart in the plan)")
    deliverable: str
    rating: int | None
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
