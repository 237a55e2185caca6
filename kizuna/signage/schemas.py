from datetime import datetime

from ninja import Schema


class LanguageOut(Schema):
    code: str
    name: str
    native: str
    font: str
    script: str


class TranslationOut(Schema):
    id: int
    language: str
    text: str
    status: str
    current: bool
    method: str
    author: str
    native_reviewed: bool
    reviewer: str
    reviewed_at: datetime | None
    created_at: datetime


class MessageOut(Schema):
    id: int
    key: str
    category: str
    phase: str
    purposes: list[str]
    own: bool
    pictogram: str  # the message's own pictogram key ("" when it shows its category's)
    shown_pictogram: str  # the pictogram its sign shows: its own, else its category's
    texts: dict[str, str]


class MessageDetailOut(MessageOut):
    translations: list[TranslationOut]


class PictogramOut(Schema):
    key: str
    kind: str
    name: str
    name_en: str
    svg: str
