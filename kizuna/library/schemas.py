from datetime import date

from ninja import Schema


class FileOut(Schema):
    id: int
    name: str
    format: str
    size: int
    version: int
    current: bool
    pages: int | None
    url: str


class EditionOut(Schema):
    language: str
    title: str
    subtitle: str
    abstract: str
    files: list[FileOut]


class WorkOut(Schema):
    """A publication of the library with its editions by language."""

    id: int
    kind: str
    status: str
    identifier: str
    number: int | None
    published_on: date | None
    publisher: str
    publisher_en: str
    authors: list[str]
    themes: list[str]
    countries: list[str]
    url: str
    oai_identifier: str
    editions: list[EditionOut]
    highlight: str | None = None
    withdrawal_notice: str = ""
