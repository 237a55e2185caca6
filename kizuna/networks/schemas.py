from datetime import date
from typing import Annotated

from ninja import Field, Schema
from pydantic import Strict

from kizuna.core.schemas import BoundedDate, InputSchema

# A day of the registry's past (recognitions from 1989, certifications from the 2000s): read from its text.
PastDate = Annotated[date, Strict(False)]


class ManagerOut(Schema):
    """A certified manager as the directory shows them; `email` only to those who may contact them."""

    id: int
    name: str
    name_kana: str
    name_romaji: str
    organisation_id: int | None
    works_at: str
    prefecture_code: str = Field(..., alias="prefecture.code")
    prefecture: str = Field(..., alias="prefecture.name")
    fields: list[str]
    certified_year: int
    certified_on: date | None
    source: str
    is_listed: bool
    in_network: bool
    email: str | None = Field(None, alias="contact")


class ManagerIn(InputSchema):
    """A manager certified before Kizuna kept the training's completions (headquarters)."""

    name: str = Field(..., min_length=1, max_length=100)
    name_kana: str = Field("", max_length=100)
    name_romaji: str = Field("", max_length=100)
    organisation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    affiliation: str = Field("", max_length=200)
    certified_year: int = Field(..., ge=1990, le=2100)
    certified_on: PastDate | None = None
    prefecture: str = Field(..., min_length=2, max_length=6, description="Prefecture number (13) or code (130001)")
    fields: list[str] = Field(default_factory=list, max_length=8)
    email: str | None = Field(None, max_length=254)


class ConsentIn(InputSchema):
    """The manager's consents; a field left out keeps its value."""

    listed: bool | None = None
    network: bool | None = None


class AssociationOut(Schema):
    id: int
    organisation_id: int
    name: str = Field(..., alias="organisation.name")
    name_kana: str = Field(..., alias="organisation.name_kana")
    name_en: str = Field(..., alias="organisation.name_en")
    website: str = Field(..., alias="organisation.website")
    area_id: int
    area: str = Field(..., alias="area.name")
    area_code: str | None = Field(None, alias="area.code")
    recognised_on: date | None
    fields: list[str]
    phone: str
    email: str
    address: str
    is_listed: bool


class ProfileChangeIn(InputSchema):
    """Changes to an entry; fields left out keep their value."""

    fields: list[str] | None = Field(None, max_length=8)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=300)
    is_listed: bool | None = None


class AssociationChangeIn(ProfileChangeIn):
    recognised_on: PastDate | None = None


class NgoOut(Schema):
    id: int
    organisation_id: int
    name: str = Field(..., alias="organisation.name")
    name_kana: str = Field(..., alias="organisation.name_kana")
    name_en: str = Field(..., alias="organisation.name_en")
    website: str = Field(..., alias="organisation.website")
    based_in: str | None = Field(None, alias="organisation.prefecture.name")
    fields: list[str]
    regions: list[str]
    languages: list[str]
    activities: str
    phone: str
    email: str
    address: str
    is_listed: bool


class NgoChangeIn(ProfileChangeIn):
    regions: list[str] | None = Field(None, max_length=10)
    languages: list[str] | None = Field(None, max_length=20)
    activities: str | None = Field(None, max_length=10_000)


class ConsultationOut(Schema):
    id: int
    subject: str
    channel: str
    received_on: date
    asker_name: str
    ngo_id: int | None
    field: str
    status: str
    handled_by: str | None = Field(None, alias="handled_by.full_name")
    answer: str


class ConsultationIn(InputSchema):
    subject: str = Field(..., min_length=1, max_length=200)
    question: str = Field(..., min_length=1, max_length=10_000)
    channel: str = Field("email", max_length=10)
    received_on: BoundedDate
    asker_name: str = Field(..., min_length=1, max_length=200)
    asker_contact: str = Field("", max_length=200)
    ngo_id: int | None = Field(None, ge=1, le=2**31 - 1)
    field: str = Field("", max_length=16)
