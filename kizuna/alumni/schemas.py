from datetime import date

from ninja import Field, Schema


class HealthOut(Schema):
    members: int
    active_members: int
    events: int
    officers: int
    has_bylaws: bool
    meets_rule: bool


class ChapterOut(Schema):
    """A chapter: public facts and its health this fiscal year."""

    id: int
    name: str
    name_en: str
    country: str
    region: str
    status: str
    founded_on: date | None
    latitude: float | None
    longitude: float | None
    health: HealthOut


class PlacementOut(Schema):
    contracting_organisation: str
    prefecture: str | None
    position: str
    started_on: date
    ended_on: date | None


class AlumnusOut(Schema):
    """A profile as the caller may see it: a private field the caller may not see is null."""

    id: int
    full_name: str
    country: str
    chapters: list[int]
    email: str | None
    city: str | None
    employer: str | None
    placements: list[PlacementOut] | None


class JobOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    place: str
    organisation: str = Field(..., alias="organisation.name")
    apply_url: str
    contact_email: str
    expires_on: date
