from datetime import date, datetime

from ninja import Field, Schema

from kizuna.core.schemas import InputSchema

MAX_ID = 2**31 - 1


class AppointmentOut(Schema):
    year: int
    starts_on: date
    ends_on: date


class ParticipantOut(Schema):
    id: int
    jet_number: str
    family_name: str
    given_names: str
    name_katakana: str
    position: str
    nationality: str
    recruiting_country: str
    cohort: str
    status: str
    contract_year: int
    contracting_organisation: str
    contracting_organisation_code: str | None
    coordinating_body: str
    expected_arrival: date
    arrived_on: date | None
    leaving_on: date | None
    departed_on: date | None


class ParticipantDetailOut(ParticipantOut):
    email: str
    workplaces: list[str]
    appointments: list[AppointmentOut]


class SafetyConfirmationOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    started_at: datetime
    closed_at: datetime | None
    asked: int
    answered: int
    safe: int
    needs_help: int
    injured: int
    not_answered: int


class SafetyAnswerOut(Schema):
    participant_id: int
    jet_number: str
    family_name: str
    given_names: str
    contracting_organisation: str
    answer: str
    location: str
    note: str
    answered_at: datetime | None
    reminders: int


class ReappointmentRoundOut(Schema):
    id: int
    year: int
    status: str
    intention_deadline: date
    decision_deadline: date
    confirmation_deadline: date
    opened_at: datetime
    closed_at: datetime | None


class ReappointmentIntentionOut(Schema):
    id: int
    participant_id: int
    jet_number: str
    family_name: str
    given_names: str
    contracting_organisation: str
    coordinating_body: str
    current_year: int
    appointment_ends_on: date
    status: str
    reason: str
    stated_at: datetime | None
    decided_at: datetime | None
    confirmed_at: datetime | None


class IntentionIn(InputSchema):
    stay: bool = Field(..., description="true: the participant intends to re-contract; false: to leave")


class DecisionIn(InputSchema):
    agree: bool = Field(..., description="the contracting organisation agrees to the stay, or declines it")
    reason: str = Field("", max_length=2000,
                        description="required to decline, and to agree to a fourth or fifth year")

