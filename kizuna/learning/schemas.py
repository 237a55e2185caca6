from datetime import date, datetime

from ninja import Schema

MAX_ID = 2**31 - 1


class EnrolmentOut(Schema):
    id: int
    course_id: int
    course: str
    course_kind: str
    participant_id: int
    participant: str
    jet_number: str
    contracting_organisation: str
    status: str
    enrolled_at: datetime | None
    due_on: date | None
    access_until: date | None
    completed_at: datetime | None
    score: int | None
