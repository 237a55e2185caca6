from datetime import datetime

from ninja import Schema


class CaseOut(Schema):
    """A case without its content: what it is, where it stands, when things happened."""

    id: int
    channel: str
    language: str
    status: str
    topic: str | None
    risk: str | None
    opened_at: datetime
    taken_at: datetime | None
    closed_at: datetime | None
    last_message_at: datetime | None
    awaiting_counsellor: bool
    messages: int
    sessions_booked: int
