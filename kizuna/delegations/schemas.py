from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import Strict, StringConstraints

from kizuna.core.schemas import BoundedDateTime, InputSchema
from kizuna.library.enums import Language

from .enums import MemberRole


class DelegationOut(Schema):
    """A delegation to a conference or seminar, with the office that handles it and its state."""

    id: int
    programme_id: int
    event_id: int = Field(..., alias="programme.event_id")
    event: str = Field(..., alias="programme.event.title")
    name: str
    name_en: str
    country: str
    government_id: int | None
    handled_by: str | None = Field(None, alias="handled_by.slug")
    status: str
    member_count: int | None = None


class MemberOut(Schema):
    """A member of a delegation. `dietary` and `accessibility` are null unless the caller handles the
    delegation."""

    id: int
    order: int
    role: str
    position: str
    name: str
    name_latin: str
    name_kana: str
    arrival_at: datetime | None
    arrival_flight: str
    departure_at: datetime | None
    departure_flight: str
    hotel: str
    room: str
    interpretation: str
    dietary: str | None = None
    accessibility: str | None = None


Text = Annotated[str, StringConstraints(max_length=200)]
Short = Annotated[str, StringConstraints(max_length=20)]
Long = Annotated[str, StringConstraints(max_length=2000)]


class MemberIn(InputSchema):
    """A new member: `name` as the member writes it, `name_latin` as in the passport; times with their offset
    (2026-12-07T14:30:00+09:00)."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    name_latin: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    name_kana: Annotated[str, StringConstraints(max_length=100)] = ""
    role: Annotated[MemberRole, Strict(False)] = MemberRole.MEMBER
    position: Text = ""
    arrival_at: BoundedDateTime | None = None
    arrival_flight: Short = ""
    departure_at: BoundedDateTime | None = None
    departure_flight: Short = ""
    hotel: Text = ""
    room: Short = ""
    interpretation: Annotated[Language, Strict(False)] | None = None
    dietary: Long = ""
    accessibility: Long = ""
