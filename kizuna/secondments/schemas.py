from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import Strict

from kizuna.core.schemas import BoundedDate, InputSchema
from kizuna.library.enums import Language


class PostingOut(Schema):
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    office: str | None = Field(None, alias="organisation.slug")
    division: str
    title: str
    starts_on: date
    ends_on: date | None


class TrainingOut(Schema):
    id: int
    name: str
    language: str
    provider: str
    starts_on: date
    ends_on: date | None
    hours: Decimal


class SecondmentOut(Schema):
    """A seconded person's secondment: who, from which local government, where they work now, the period, the
    state, and the language training hours recorded."""

    id: int
    person_id: int
    person: str = Field(..., alias="person.full_name")
    home_government_id: int
    home_government: str = Field(..., alias="home_government.name")
    home_government_code: str | None = Field(None, alias="home_government.code")
    organisation_id: int | None
    office: str | None = Field(None, alias="organisation.slug")
    starts_on: date
    ends_on: date
    started_on: date | None
    ended_on: date | None
    status: str
    training_hours: Decimal | None = None


class SecondmentDetailOut(SecondmentOut):
    postings: list[PostingOut]
    language_trainings: list[TrainingOut]


class TrainingIn(InputSchema):
    """A language course to record: its name, language (en, zh-hans, ko, fr …), school or teacher, dates and
    hours (more than 0, at most 2,000)."""

    name: str = Field(..., min_length=1, max_length=200)
    language: Annotated[Language, Strict(False)]
    provider: str = Field("", max_length=200)
    starts_on: BoundedDate
    ends_on: BoundedDate | None = None
    # A JSON number (12.5), read as a decimal: the one lax field of the body, as dates are.
    hours: Annotated[Decimal, Strict(False)] = Field(..., gt=0, le=2000, max_digits=6, decimal_places=1)


class CurriculumRowOut(Schema):
    secondment_id: int
    person: str
    done: list[int]


class CurriculumOut(Schema):
    """The expert training curriculum: its courses, and for each person the ids of the courses done."""

    courses: list[dict]
    rows: list[CurriculumRowOut]
