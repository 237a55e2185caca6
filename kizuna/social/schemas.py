from datetime import datetime

from ninja import Field, Schema


class PostOut(Schema):
    """A post of the social-media calendar with its state and, once posted, its address and figures."""

    id: int
    account_id: int
    account: str = Field(..., alias="account.name")
    platform: str = Field(..., alias="account.platform")
    office: str | None = Field(None, alias="account.holder.slug")
    language: str = Field(..., alias="account.language")
    planned_at: datetime
    status: str
    text: str
    link: str
    featured_id: int | None
    event_id: int | None
    promotion_id: int | None
    posted_url: str
    posted_at: datetime | None
    reach: int | None
    impressions: int | None
    engagements: int | None
    figures_updated_at: datetime | None
