from datetime import date, datetime

from ninja import Field, Schema

from kizuna.core.schemas import HistoricDate, InputSchema


class PartnerOut(Schema):
    """A foreign local government in the registry."""

    id: int
    country: str
    name: str
    name_en: str
    name_ja: str
    region: str
    wikidata_id: str
    latitude: float | None
    longitude: float | None


class AffiliationOut(Schema):
    """A sister-city affiliation; `counted` says whether it meets CLAIR's three conditions."""

    id: int
    local_government_code: str | None = Field(None, alias="local_government.code")
    local_government_name: str = Field(..., alias="local_government.name")
    local_government_name_en: str = Field(..., alias="local_government.name_en")
    partner: PartnerOut
    affiliation_type: str
    signed_on: date
    signatories: str
    assembly_approved_on: date | None
    exchange_fields: list[str]
    ends_on: date | None
    renewed_on: date | None
    status: str
    dissolved_on: date | None
    heads_signed: bool
    several_fields: bool
    assembly_approved: bool
    counted: bool


class CountsOut(Schema):
    """The registry's counts as the public pages show them."""

    recorded: int
    in_force: int
    counted: int
    not_counted: int
    governments: int
    countries: int
    by_country: dict[str, int]
    by_year: list[dict]


class MapPartner(Schema):
    id: int
    name: str
    name_en: str
    country: str
    country_name: str
    latitude: float | None
    longitude: float | None
    affiliations: int


class MapGovernment(Schema):
    code: str | None
    name: str
    name_en: str
    latitude: float | None
    longitude: float | None
    affiliations: int


class MapOut(Schema):
    partners: list[MapPartner]
    local_governments: list[MapGovernment]


class ProposalOut(Schema):
    """A local government's proposal and where it stands."""

    id: int
    kind: str
    status: str
    local_government_code: str | None = Field(None, alias="local_government.code")
    affiliation_id: int | None
    partner_id: int | None
    partner_country: str
    partner_name: str
    partner_name_en: str
    partner_region: str
    partner_latitude: float | None
    partner_longitude: float | None
    affiliation_type: str
    signed_on: date
    signatories: str
    assembly_approved_on: date | None
    exchange_fields: list[str]
    ends_on: date | None
    renewed_on: date | None
    heads_signed: bool
    several_fields: bool
    assembly_approved: bool
    dissolved_on: date | None
    note: str
    reason: str
    created_at: datetime
    decided_at: datetime | None


class ProposalIn(InputSchema):
    """A new affiliation proposed by a local government (by its code), or a change to `affiliation_id`."""

    local_government_code: str = Field(..., max_length=6)
    affiliation_id: int | None = Field(None, ge=1, le=2**31 - 1)
    partner_country: str = Field("", max_length=2)
    partner_name: str = Field("", max_length=200)
    partner_name_en: str = Field("", max_length=200)
    partner_region: str = Field("", max_length=200)
    affiliation_type: str = Field("sister", max_length=10)
    signed_on: HistoricDate
    signatories: str = Field("", max_length=300)
    assembly_approved_on: HistoricDate | None = None
    exchange_fields: list[str] = Field(default_factory=list, max_length=12)
    ends_on: HistoricDate | None = None
    renewed_on: HistoricDate | None = None
    heads_signed: bool = True
    several_fields: bool = True
    assembly_approved: bool = True
    dissolved_on: HistoricDate | None = None
    note: str = Field("", max_length=2000)


class ProposalDecisionIn(InputSchema):
    action: str = Field(..., pattern="^(approve|return|reject)$")
    reason: str = Field("", max_length=2000)
