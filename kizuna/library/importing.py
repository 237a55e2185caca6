"""The existing catalogue from a spreadsheet (CSV or Excel), with its files from a folder (a directory on the
server for `kizuna import_library`, or a ZIP archive uploaded on the import page). All or nothing: every row
is checked first (its kind, number, titles, dates, organisations, themes, countries and files, each file by
its content); if any row is refused, nothing is saved and the report says why, row by row.

Columns (English or Japanese headers): kind, number, title_ja, title_en, abstract_ja, abstract_en,
published_on, publisher, authors, themes, countries, keywords, file_ja, file_en, status (published or draft),
field, region, issue (the magazine issue's number, for an article), contact and outcomes (the portal's items)."""

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from kizuna.core.enums import OrgKind
from kizuna.core.imports import ImportReport, cell_country, cell_date, read_table
from kizuna.core.models import Organisation
from kizuna.core.policies import require
from kizuna.core.uploads import MAX_BYTES as MAX_FILE_BYTES
from kizuna.core.uploads import check_upload

from . import services
from .enums import NUMBERED_KINDS, PORTAL_KINDS, Kind, PortalField, Region, Status
from .models import Theme, Work

MAX_ROWS = 25_000
COLUMNS = {
    "kind": ("種別", "type"),
    "number": ("号", "号数", "no"),
    "title_ja": ("タイトル", "表題", "title"),
    "title_en": ("英語タイトル", "english title"),
    "abstract_ja": ("概要", "abstract"),
    "abstract_en": ("英語概要", "english abstract"),
    "published_on": ("発行日", "date", "published"),
    "publisher": ("発行団体", "発行", "organisation"),
    "authors": ("著者", "author"),
    "themes": ("テーマ", "theme"),
    "countries": ("国", "country"),
    "keywords": ("キーワード",),
    "file_ja": ("ファイル", "file"),
    "file_en": ("英語ファイル", "english file"),
    "status": ("状態",),
    "field": ("分野",),
    "region": ("地域",),
    "issue": ("掲載号",),
    "contact": ("連絡先",),
    "outcomes": ("成果",),
}
REQUIRED = ("kind",)


class Files:
    """The files a catalogue names: in a folder, or in a ZIP archive, by their relative path."""

    def __init__(self, folder: Path | None = None, archive: bytes | None = None):
        self.folder = folder
        self.zip = zipfile.ZipFile(io.BytesIO(archive)) if archive else None
        self.names = set(self.zip.namelist()) if self.zip else set()

    def read(self, name: str) -> bytes | None:
        relative = PurePosixPath(name.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts:
            return None
        if self.zip is not None:
            if str(relative) not in self.names:
                return None
            info = self.zip.getinfo(str(relative))
            return None if info.file_size > MAX_FILE_BYTES else self.zip.read(info)
        if self.folder is None:
            return None
        path = self.folder / relative
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_bytes()


@dataclass
class _Row:
    line: int
    kind: str
    values: dict
    publisher: Organisation
    editions: list = field(default_factory=list)  # (language, title, abstract, file name, bytes)
    themes: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    publish: bool = True
    issue_number: int | None = None


def _labels(choices) -> dict:
    """A choice by its value or its label in Japanese or English."""
    found = {}
    for language in ("ja", "en"):
        with translation.override(language):
            for value, label in choices:
                found[str(label).strip().lower()] = value
    return {**found, **{v: v for v, _label in choices}}


class _Lookups:
    def __init__(self, rows):
        self.kinds = _labels(Kind.choices)
        self.fields = _labels(PortalField.choices)
        self.regions = _labels(Region.choices)
        self.themes = {}
        for t in Theme.objects.all():
            for key in (t.slug, t.name, t.name_en.lower()):
                self.themes[key] = t
        self.taken = set(Work.objects.filter(number__isnull=False).values_list("kind", "number"))
        self.issues = dict(Work.objects.filter(kind=Kind.MAGAZINE_ISSUE, number__isnull=False).values_list(
            "number", "pk"))
        self.headquarters = Organisation.objects.filter(kind=OrgKind.HEADQUARTERS).order_by("pk").first()
        self._orgs = {}

    def organisation(self, text: str) -> Organisation | None:
        if text not in self._orgs:
            self._orgs[text] = Organisation.objects.filter(Q(code=text) | Q(slug=text) | Q(name=text)
                                                           | Q(name_en=text)).order_by("pk").first()
        return self._orgs[text]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace("；", ";").replace("、", ";").split(";") if part.strip()]


def _check(row, lookups: _Lookups, files: Files, seen: set) -> tuple[_Row | None, str]:
    kind = lookups.kinds.get(row["kind"].strip().lower())
    if kind is None or kind == Kind.RESEARCH_ANSWER:
        return None, _("Unknown kind “%(value)s”.") % {"value": row["kind"]}
    number = None
    if row["number"]:
        if not row["number"].isdigit():
            return None, _("The number “%(value)s” is not a whole number.") % {"value": row["number"]}
        number = int(row["number"])
    if kind in NUMBERED_KINDS:
        if number is None:
            return None, _("A publication of this series needs its number.")
        if (kind, number) in lookups.taken or (kind, number) in seen:
            return None, _("No. %(number)s of this series is already in the library.") % {"number": number}
        seen.add((kind, number))
    elif number is not None:
        return None, _("Only the numbered series take a number.")
    published_on = cell_date(row["published_on"]) if row["published_on"] else None
    if row["published_on"] and published_on is None:
        return None, _("“%(value)s” is not a date (2026-04-01).") % {"value": row["published_on"]}
    publisher = lookups.organisation(row["publisher"]) if row["publisher"] else lookups.headquarters
    if publisher is None:
        return None, _("No organisation “%(value)s” in the directory.") % {"value": row["publisher"]}
    result = _Row(row.line, kind, {"number": number, "published_on": published_on,
                                   "keywords": row["keywords"][:300]}, publisher)
    for language in ("ja", "en"):
        title, name = row[f"title_{language}"], row[f"file_{language}"]
        if not title:
            if name:
                return None, _("A file needs the title of its edition.")
            continue
        data = None
        if name:
            data = files.read(name)
            if data is None:
                return None, _("The file “%(name)s” is not in the folder.") % {"name": name}
            try:
                check_upload(SimpleUploadedFile(name, data))
            except ValidationError as error:
                return None, error.messages[0]
        result.editions.append((language, title[:300], row[f"abstract_{language}"], name, data))
    if not result.editions:
        return None, _("Give a title in Japanese or English.")
    for name in _split(row["themes"]):
        theme = lookups.themes.get(name) or lookups.themes.get(name.lower())
        if theme is None:
            return None, _("Unknown theme “%(value)s”.") % {"value": name}
        result.themes.append(theme)
    for name in _split(row["countries"]):
        code = cell_country(name)
        if code is None:
            return None, _("Unknown country “%(value)s”.") % {"value": name}
        result.countries.append(code)
    for name in _split(row["authors"]):
        org = lookups.organisation(name)
        result.authors.append((org, "") if org else (None, name))
    for column, table in (("field", lookups.fields), ("region", lookups.regions)):
        if row[column]:
            value = table.get(row[column].strip().lower())
            if value is None:
                return None, _("Unknown %(column)s “%(value)s”.") % {"column": column, "value": row[column]}
            result.values[column] = value
    if kind == Kind.MAGAZINE_ARTICLE:
        issue = int(row["issue"]) if row["issue"].isdigit() else None
        if issue is None or issue not in lookups.issues and (Kind.MAGAZINE_ISSUE, issue) not in seen:
            return None, _("An article needs the number of its magazine issue (in the library or this file).")
        result.issue_number = issue
    status = row["status"].strip().lower() or Status.PUBLISHED
    if status not in {Status.PUBLISHED, Status.DRAFT}:
        return None, _("The status is “published” or “draft”.")
    result.publish = status == Status.PUBLISHED
    result.values["contact"], result.values["outcomes"] = row["contact"], row["outcomes"]
    if kind in PORTAL_KINDS and not result.values.get("field"):
        return None, _("Choose the field of the practice or tool.")
    if result.publish and kind in PORTAL_KINDS and not (row["contact"] and row["outcomes"]):
        return None, _("A practice or tool needs its contact and its outcomes.")
    if result.publish and not any(e[4] for e in result.editions):
        return None, _("Add the publication's file (PDF, Word or Excel) or its text first.")
    return result, ""


def import_catalogue(*, by, content: bytes, filename: str, files: Files) -> ImportReport:
    """Check every row; when all pass, write them through the services (all or nothing)."""
    require(by, "library.import_works")
    table = read_table(content, filename, columns=COLUMNS, required=REQUIRED, max_rows=MAX_ROWS,
                       max_bytes=20 * 1024 * 1024)
    if table.missing:
        raise ValidationError(_("Columns missing: %(names)s.") % {"names": ", ".join(table.missing)},
                              code="missing_columns")
    lookups, report, checked, seen = _Lookups(table.rows), ImportReport(), [], set()
    for row in table.rows:
        result, problem = _check(row, lookups, files, seen)
        key = row["title_ja"] or row["title_en"] or row["number"]
        if result is None:
            report.add(row.line, key, "error", problem)
        else:
            checked.append(result)
    if report.errors or not checked:
        return report
    with transaction.atomic():
        issues = dict(lookups.issues)
        for result in sorted(checked, key=lambda r: r.kind != Kind.MAGAZINE_ISSUE):  # issues before articles
            values = dict(result.values)
            if result.issue_number is not None:
                values["issue"] = Work.objects.get(pk=issues[result.issue_number])
            work = services.import_work(by=by, kind=result.kind, publisher=result.publisher, values=values,
                                        themes=result.themes, countries=result.countries, authors=result.authors,
                                        editions=result.editions, publish=result.publish)
            if result.kind == Kind.MAGAZINE_ISSUE:
                issues[work.number] = work.pk
            done = _("Published.") if result.publish else _("Saved as a draft.")
            report.add(result.line, str(work.title), "ok", done)
    report.rows.sort()
    report.saved = True
    return report
