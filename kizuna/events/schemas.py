from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from kizuna.core.schemas import InputSchema

MAX_ID = 2**31 - 1


class OptionOut(Schema):
    key: str
    label: str
    label_en: str


class ConditionOut(Schema):
    question: str = Field(..., description="The key of the earlier question whose answer shows this one.")
    answer: str = Field(..., description='"yes" or "no" for a yes/no question, else an option\'s key.')


class EventQuestionOut(Schema):
    """A registration question. Answers are sent under `key`: text (text, long_text), an option's key (choice),
    a list of option keys (choices), a whole number between `min` and `max` (number), YYYY-MM-DD (date),
    true or false (yes_no); a file question is answered on the registration page only."""

    key: str
    label: str
    label_en: str
    type: str
    required: bool
    options: list[OptionOut]
    min: int | None
    max: int | None
    condition: ConditionOut | None


class AnswerOut(Schema):
    key: str
    question: str = Field(..., description="The question's label in the caller's language.")
    type: str
    value: Any = Field(..., description="The answer as kept (an option's key, a list, a number, true/false…).")
    text: str = Field(..., description="The answer as it reads: option labels, Yes/No, a file's name.")
    file_url: str | None = Field(None, description="For a file question: where the file is downloaded.")


class EventOut(Schema):
    id: int
    title: str
    title_en: str
    kind: str
    format: str
    audience: str
    organiser: str
    starts_at: datetime
    ends_at: datetime
    venue_timezone: str
    venue_name: str
    capacity: int | None
    seats_left: int | None
    url: str
    questions: list[EventQuestionOut]


class RegistrationOut(Schema):
    id: int
    event_id: int
    event_title: str
    status: str
    code: str | None
    online_url: str | None
    offer_expires_at: datetime | None
    answers: list[AnswerOut]


class RosterRowOut(Schema):
    id: int
    code: str
    name: str
    name_kana: str
    email: str
    organisation_id: int | None
    organisation: str | None
    affiliation: str
    without_account: bool
    status: str
    registered_at: datetime
    checked_in_at: datetime | None
    sessions: list[str]
    answers: dict = Field(..., description="The answers as kept, by question key.")
    answers_readable: list[AnswerOut]


class RegisterIn(InputSchema):
    """Register oneself: the answers to the event's questions by their key (typed as each question says), and
    the sessions to attend (none: all of them)."""

    answers: dict[str, Any] = Field(default_factory=dict, max_length=100)
    session_ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(default_factory=list, max_length=100)


class GuestRegistrationIn(InputSchema):
    """Registering without an account: a mail asks the person to confirm (nothing is registered before)."""

    name: str = Field(..., min_length=1, max_length=150)
    email: str = Field(..., min_length=3, max_length=254)
    language: Literal["ja", "en"] = "ja"
    affiliation: str = Field("", max_length=200)
    answers: dict = Field(default_factory=dict, description="The answers to the event's questions, by key.")
    session_ids: list[int] = Field(default_factory=list, max_length=100)


class AskedOut(Schema):
    detail: str


class RegistrantMailIn(InputSchema):
    """A mail to the registrants, saved as a draft. Placeholders: {name}, {event}, {starts}, {venue}, {code},
    {link}."""

    group: Literal["all", "confirmed", "waiting", "attended", "not_attended"] = "confirmed"
    subject: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=10_000)
    subject_en: str = Field("", max_length=200)
    body_en: str = Field("", max_length=10_000)


class RegistrantMailOut(Schema):
    id: int
    event_id: int
    group: str
    subject: str
    body: str
    subject_en: str
    body_en: str
    status: str
    recipients: int
    delivered: int
    refused: int = Field(description="addresses the mail server refused for good; they are not tried again")
    sent_at: datetime | None


class LeadIn(InputSchema):
    """A visitor's code scanned at the booth (the QR of their registration to the fair)."""

    code: str = Field(..., min_length=1, max_length=40)
    interest: Literal["high", "medium", "low"] = "medium"
    note: str = Field("", max_length=2000)


class LeadOut(Schema):
    ok: bool
    outcome: str
    message: str
    lead_id: int | None


class LeadRowOut(Schema):
    id: int
    name: str
    organisation: str
    email: str
    interest: str
    note: str
    scanned_at: datetime


class CheckInIn(InputSchema):
    """The check-in code from the registration's QR code or typed (spaces and case do not matter)."""

    code: str = Field(..., min_length=1, max_length=40)


class CheckInOut(Schema):
    ok: bool
    outcome: str
    message: str
    registration_id: int | None
