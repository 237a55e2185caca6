from datetime import datetime

from ninja import Field, Schema

from kizuna.core.schemas import InputSchema


class ListOut(Schema):
    id: int
    slug: str
    kind: str
    name: str
    name_en: str
    owner: str
    languages: list[str]
    is_public: bool
    track_engagement: bool
    active: int
    pending: int
    url: str


class SubscriberOut(Schema):
    id: int
    email: str
    name: str
    language: str
    status: str
    source: str
    topics: list[str]
    consent_at: datetime
    confirmed_at: datetime | None
    unsubscribed_at: datetime | None
    soft_bounces: int


class SubscriberIn(InputSchema):
    """A reader to ask: they get the confirmation mail, and are subscribed once they confirm (double opt-in)."""

    email: str = Field(..., max_length=254)
    name: str = Field("", max_length=120)
    language: str = Field(..., max_length=8)
    topics: list[str] = Field(default_factory=list, max_length=20)


class PartOut(Schema):
    language: str
    subject: str
    preheader: str
    body: str


class FiguresOut(Schema):
    queued: int
    sent: int
    delivered: int
    bounced: int
    complaints: int
    skipped: int
    failed: int
    unsubscribed: int
    opened: int | None
    clicked: int | None


class CampaignOut(Schema):
    id: int
    list: str
    number: int
    status: str
    topic: str | None
    scheduled_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    recipients: int
    parts: list[PartOut]
    figures: FiguresOut | None
    archive_url: str | None


class BounceIn(InputSchema):
    """A bounce (DSN) or complaint (ARF) message, whole, as the mail server received it."""

    message: str = Field(..., min_length=1, max_length=2_000_000)


class BounceOut(Schema):
    kind: str
    recipient: str
    status_code: str
    subscription_status: str | None
