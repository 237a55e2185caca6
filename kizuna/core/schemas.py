from datetime import date, datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, ConfigDict, ModelWrapValidatorHandler, Strict, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from .dates import validate_historic, validate_in_window


def _in_window(value):
    try:
        validate_in_window(value)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    return value


# A date (YYYY-MM-DD), and a date and time (ISO 8601), in Kizuna's window (kizuna.core.dates). JSON has no date
# type: they are read from text even in a strict InputSchema.
BoundedDate = Annotated[date, Strict(False), AfterValidator(_in_window)]
BoundedDateTime = Annotated[datetime, Strict(False), AfterValidator(_in_window)]


def _historic(value):
    try:
        validate_historic(value)
    except ValidationError as error:
        raise ValueError(error.messages[0]) from None
    return value


# A date of record that may predate the window (an affiliation signed in 1955): from 1900.
HistoricDate = Annotated[date, Strict(False), AfterValidator(_historic)]


class ErrorOut(Schema):
    """Every refusal: `detail` is a message in the caller's language (or, for invalid input, the list of
    problems with their locations)."""

    detail: Any


class InputSchema(Schema):
    """The base of every request body (and of the objects inside one).

    JSON has its own types and a body is read in them exactly (pydantic's strict mode): `true` is not the whole
    number 1, `1` is not true, `"5"` is not 5. Values that JSON has no type for (dates) are parsed from their
    text: declare them with the types of this module (BoundedDate), which say so. A body, or an object inside
    one, must be a JSON object: other values are refused, never read by their attributes (ninja's Schema would
    read `"x".title` as a title)."""

    model_config = ConfigDict(strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo) -> Any:
        """Replaces ninja's validator of the same name, which reads any value by its attributes."""
        if not isinstance(values, dict):
            raise PydanticCustomError("model_type", "Input should be an object")
        return handler(values)


# Refusals any operation can give before it runs: a body over DATA_UPLOAD_MAX_MEMORY_SIZE, an address over
# kizuna.core.middleware.MAX_URL_LENGTH.
ALWAYS = (413, 414)


def refused(error: ValidationError) -> HttpError:
    """A service's refusal as the API's answer: 422 with its messages, in the caller's language."""
    return HttpError(422, " ".join(error.messages))


def with_errors(ok: Any, *codes: int) -> dict:
    """The documented responses of an operation: its success schema and the refusals it can give."""
    return {200: ok, **{code: ErrorOut for code in (*(codes or (401, 403, 404, 422)), *ALWAYS)}}


class CountryOut(Schema):
    code: str
    name: str


class OrganisationOut(Schema):
    id: int
    kind: str
    code: str | None
    name: str
    name_kana: str
    name_en: str
    municipality_type: str
    prefecture_id: int | None
    parent_id: int | None
    latitude: float | None
    longitude: float | None
    website: str
    timezone: str
    search_match: str = Field("", description="Why it matched the query (in the caller's language); empty without one.")


class OrganisationDetailOut(OrganisationOut):
    branch_id: int | None = None
    countries: list[CountryOut] = []


class CodeCheckOut(Schema):
    code: str
    valid: bool
    message: str = ""
    organisation_id: int | None = None
