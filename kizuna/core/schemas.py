from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """Every refusal: `detail` is a message in the caller's language (or, for invalid input, the list of
    problems with their locations)."""

    detail: Any


def with_errors(ok: Any, *codes: int) -> dict:
    """The documented responses of an operation: its success schema and the refusals it can give."""
    return {200: ok, **{code: ErrorOut for code in (codes or (401, 403, 404, 422))}}


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


class OrganisationDetailOut(OrganisationOut):
    branch_id: int | None = None
    countries: list[CountryOut] = []


class CodeCheckOut(Schema):
    code: str
    valid: bool
    message: str = ""
    organisation_id: int | None = None
