from datetime import datetime

from ninja import Field, Schema

from kizuna.core.schemas import InputSchema

from .enums import Aggregation, KPISource, TargetBasis


def _one_of(choices) -> str:
    return f"^({'|'.join(choices.values)})$"


class FiscalYearOut(Schema):
    year: int
    label: str
    reiwa: str
    title: str
    title_en: str


class KPIOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    source: str
    query_key: str
    aggregation: str
    target: float | None
    target_basis: str
    actual: float | None
    progress: float | None
    measured: bool
    status: str


class ProgrammeReportOut(Schema):
    quarter: int
    progress: str  # on_track, at_risk, behind
    note: str
    reported_at: datetime


class ProgrammeOut(Schema):
    id: int
    code: str
    number: int
    name: str
    name_en: str
    description: str
    description_en: str
    division: str
    division_en: str
    app: str
    offices: list[str]
    report: ProgrammeReportOut | None  # the latest quarter's progress report, if any
    kpis: list[KPIOut]


class AreaOut(Schema):
    number: int
    name: str
    name_en: str
    summary: str
    summary_en: str
    programmes: list[ProgrammeOut]


class DashboardOut(Schema):
    year: int
    label: str
    quarter: int | None
    office_id: int | None
    kpis: int
    measured: int
    progress: float | None
    areas: list[AreaOut]


class QuarterFigureOut(Schema):
    quarter: int | None
    actual: float | None
    status: str


class FigureEntryOut(Schema):
    id: int
    quarter: int
    organisation_id: int | None
    organisation: str | None
    value: float
    note: str
    entered_by: str | None
    entered_at: datetime
    superseded_at: datetime | None
    current: bool
    sign_off: str  # entered (awaiting sign-off), signed_off (counted), returned (never counted)
    return_reason: str


class KPIDetailOut(KPIOut):
    year: int
    programme_id: int
    programme_code: str
    quarters: list[QuarterFigureOut]
    figures: list[FigureEntryOut]


class KPIChangeIn(InputSchema):
    """Fields of a KPI that headquarters changes; those left out keep their value."""

    name: str = Field(None, min_length=1, max_length=300)
    name_en: str = Field(None, min_length=1, max_length=300)
    unit: str = Field(None, min_length=1, max_length=40)
    unit_en: str = Field(None, min_length=1, max_length=40)
    target: float | None = Field(None, ge=0, le=999999999999.99)
    target_basis: str = Field(None, pattern=_one_of(TargetBasis))
    source: str = Field(None, pattern=_one_of(KPISource))
    query_key: str = Field(None, max_length=80)
    aggregation: str = Field(None, pattern=_one_of(Aggregation))
