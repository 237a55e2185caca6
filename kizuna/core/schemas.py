from ninja import Schema


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
