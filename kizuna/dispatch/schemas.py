from datetime import date

from ninja import Field, Schema

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
