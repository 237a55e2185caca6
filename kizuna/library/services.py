"""What people and the worker do with the library: create a work (CLAIR staff) or propose a portal item (a
local government or association), write its editions and sections, upload its files (checked by content,
their text read by the worker), move it through review and publication, correct it with a new version of a
file (the old kept), withdraw it with a notice, and count views and downloads.

Every write goes through the audit trail; the full-text index follows each change of a work's words."""

import hashlib
import re
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, delete_logged, save_logged
from kizuna.core.countries import is_country_code
from kizuna.core.policies import require
from kizuna.core.rules import working_orgs
from kizuna.core.search.fulltext import index_documents
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition

from .enums import (
    FLOWING_KINDS,
    NUMBERED_KINDS,
    PORTAL_KINDS,
    WORK_TRANSITIONS,
    FileFormat,
    Kind,
    Language,
)
from .extract import extract
from .models import Author, Edition, EditionFile, GuideSection, Usage, Work, WorkCountry
from .rules import PROPOSING_KINDS

FORMATS = {"application/pdf": FileFormat.PDF,
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document": FileFormat.DOCX,
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileFormat.XLSX}
WORK_FIELDS = ("number", "issue", "keywords", "published_on", "embargo_until", "field", "region", "contact",
               "outcomes")


def reindex(work) -> None:
    """The work's words changed (an edition, a file's text): the full-text index takes them again, and
    harvesters see a new datestamp."""
    Work.objects.filter(pk=work.pk).update(updated_at=timezone.now())
    index_documents("library", [work.pk])


# -- a work and what describes it -------------------------------------------------------------------------

def _check_work(kind: str, values: dict, *, work=None) -> None:
    errors = {}
    number = values.get("number")
    if kind in NUMBERED_KINDS:
        if number is None:
            errors["number"] = ValidationError(_("A publication of this series needs its number."),
                                               code="number_missing")
        elif Work.objects.filter(kind=kind, number=number).exclude(pk=getattr(work, "pk", None)).exists():
            errors["number"] = ValidationError(_("No. %(number)s of this series is already in the library.")
                                               % {"number": number}, code="number_taken")
    elif number is not None:
        errors["number"] = ValidationError(_("Only the numbered series take a number."), code="number_unwanted")
    issue = values.get("issue")
    if kind == Kind.MAGAZINE_ARTICLE and issue is None:
        errors["issue"] = ValidationError(_("Choose the magazine issue that holds the article."), code="no_issue")
    if issue is not None and (kind != Kind.MAGAZINE_ARTICLE or issue.kind != Kind.MAGAZINE_ISSUE):
        errors["issue"] = ValidationError(_("Only a magazine article belongs to an issue."), code="bad_issue")
    if kind in PORTAL_KINDS and not values.get("field"):
        errors["field"] = ValidationError(_("Choose the field of the practice or tool."), code="no_field")
    published_on, embargo = values.get("published_on"), values.get("embargo_until")
    if published_on and embargo and embargo < published_on:
        errors["embargo_until"] = ValidationError(_("The embargo ends before the publication date."),
                                                  code="embargo_before")
    if errors:
        raise ValidationError(errors)


def _set_relations(work, *, by, themes=None, countries=None, authors=None) -> None:
    if themes is not None:
        before = sorted(work.themes.values_list("slug", flat=True))
        work.themes.set(themes)
        after = sorted(t.slug for t in themes)
        if before != after:
            save_logged(work, "library.work.themes", by=by, fields=[], data={"themes": [before, after]})
    if countries is not None:
        codes = sorted({c.strip().upper() for c in countries if c.strip()})
        bad = [c for c in codes if not is_country_code(c)]
        if bad:
            raise ValidationError({"countries": _("Not a country code: %(codes)s.") % {"codes": ", ".join(bad)}})
        have = {wc.country: wc for wc in work.countries.all()}
        for code in codes:
            if code not in have:
                create_logged(WorkCountry, "library.workcountry.create", by=by, work=work, country=code)
        for code, row in have.items():
            if code not in codes:
                delete_logged(row, "library.workcountry.delete", by=by)
    if authors is not None:
        for row in list(work.authors.all()):
            delete_logged(row, "library.author.delete", by=by)
        for position, (organisation, name) in enumerate(authors):
            if organisation is None and not name.strip():
                continue
            create_logged(Author, "library.author.create", by=by, work=work, organisation=organisation,
                          name=name.strip()[:200], position=position)


def _may_create(by, kind: str, publisher) -> None:
    if kind in FLOWING_KINDS:
        raise ValidationError({"kind": _("Research answers come into the library when an office's answer is "
                                         "published.")}, code="flowing_kind")
    if by.has_perm("library.add_work"):
        return
    if kind not in PORTAL_KINDS:
        raise PermissionDenied("library.add_work")
    require(by, "library.propose_item")
    if publisher.pk not in {o.pk for o in working_orgs(by, PROPOSING_KINDS)}:
        raise ValidationError({"publisher": _("Propose items in the name of an organisation you work for.")},
                              code="not_your_organisation")


def create_work(*, by, kind: str, publisher, themes=(), countries=(), authors=(), **values) -> Work:
    """A new work in draft: by CLAIR staff (any kind but research answers), or proposed to the portal by a
    local government or association (good practices and tools)."""
    unknown = set(values) - set(WORK_FIELDS)
    if unknown:
        raise TypeError(f"create_work does not take {sorted(unknown)}")
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose a kind of publication.")}, code="bad_kind")
    _may_create(by, kind, publisher)
    _check_work(kind, values)
    with transaction.atomic():
        work = create_logged(Work, "library.work.create", by=by, kind=kind, publisher=publisher, created_by=by,
                             **values)
        _set_relations(work, by=by, themes=list(themes), countries=countries, authors=list(authors))
    return work


def update_work(*, by, work, themes=None, countries=None, authors=None, **values) -> Work:
    require(by, "library.edit_work", work)
    unknown = set(values) - set(WORK_FIELDS)
    if unknown:
        raise TypeError(f"update_work does not take {sorted(unknown)}")
    _check_work(work.kind, {**{f: getattr(work, f) for f in WORK_FIELDS}, **values}, work=work)
    with transaction.atomic():
        work = Work.objects.select_for_update().get(pk=work.pk)
        for name, value in values.items():
            setattr(work, name, value)
        save_logged(work, "library.work.update", by=by, fields=list(values))
        _set_relations(work, by=by, themes=themes, countries=countries, authors=authors)
        reindex(work)
    return work


def save_edition(*, by, work, language: str, title: str, subtitle: str = "", abstract: str = "",
                 body: str = "") -> Edition:
    """The work's edition in `language`, created or rewritten."""
    require(by, "library.edit_work", work)
    errors = {}
    if language not in Language.values:
        errors["language"] = ValidationError(_("Choose the edition's language."), code="bad_language")
    if not title.strip():
        errors["title"] = ValidationError(_("An edition needs its title."), code="no_title")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(work=work, language=language).first()
        values = {"title": title.strip()[:300], "subtitle": subtitle.strip()[:300], "abstract": abstract.strip(),
                  "body": body.strip()}
        if edition is None:
            edition = create_logged(Edition, "library.edition.create", by=by, work=work, language=language,
                                    **values)
        else:
            for name, value in values.items():
                setattr(edition, name, value)
            save_logged(edition, "library.edition.update", by=by, fields=list(values))
        reindex(work)
    return edition


def remove_edition(*, by, edition) -> None:
    require(by, "library.edit_work", edition.work)
    with transaction.atomic():
        work = edition.work
        for f in edition.files.all():
            delete_logged(f, "library.editionfile.delete", by=by)
        delete_logged(edition, "library.edition.delete", by=by)
        reindex(work)


_HEADING = re.compile(r"^(#{1,3})\s+(?:(\d+(?:\.\d+)*)\.?\s+)?(.+?)\s*$")


def parse_outline(text: str) -> list[dict]:
    """Sections from an outline: `# 1 Heading`, `## 1.1 Heading`, `### …` start sections (the number is
    optional); the lines under a heading are its text."""
    sections: list[dict] = []
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            marks, number, heading = match.groups()
            sections.append({"level": len(marks), "number": number or "", "heading": heading[:300], "body": []})
        elif sections:
            sections[-1]["body"].append(line)
        elif line.strip():
            raise ValidationError({"outline": _("The outline must start with a heading line (“# 1 Title”).")},
                                  code="no_heading")
    return [{**s, "body": "\n".join(s["body"]).strip()} for s in sections]


def set_sections(*, by, edition, outline: str) -> list[GuideSection]:
    """A guide's edition as numbered sections, written as an outline (see `parse_outline`)."""
    require(by, "library.edit_work", edition.work)
    if edition.work.kind != Kind.GUIDE:
        raise ValidationError(_("Only a guide is written in sections."), code="not_a_guide")
    sections = parse_outline(outline)
    with transaction.atomic():
        for old in edition.sections.all():
            delete_logged(old, "library.guidesection.delete", by=by)
        made = [create_logged(GuideSection, "library.guidesection.create", by=by, edition=edition, position=n,
                              **s) for n, s in enumerate(sections)]
        reindex(edition.work)
    return made


def outline_of(edition) -> str:
    lines = []
    for s in edition.sections.all():
        lines.append(f"{'#' * s.level} {s.number + ' ' if s.number else ''}{s.heading}")
        if s.body:
            lines.append(s.body)
    return "\n".join(lines)


# -- files ------------------------------------------------------------------------------------------------

def _stored(upload) -> tuple[str, bytes, str]:
    kind = check_upload(upload)
    if kind not in FORMATS:
        raise ValidationError(_("“%(name)s” is not a PDF, Word (.docx) or Excel (.xlsx) file (checked by its "
                                "content, not its name).") % {"name": upload.name}, code="file_type")
    upload.seek(0)
    data = upload.read()
    return FORMATS[kind], data, hashlib.sha256(data).hexdigest()


def _queue_extraction(item) -> None:
    from .tasks import extract_text_task  # noqa: PLC0415 - tasks import these services

    transaction.on_commit(lambda: extract_text_task.enqueue(file_id=item.pk))


def _new_file(*, by, edition, upload, version: int, note: str = "") -> EditionFile:
    file_format, data, digest = _stored(upload)
    item = EditionFile(edition=edition, name=upload.name[-200:], format=file_format, size=len(data),
                       sha256=digest, version=version, correction_note=note, uploaded_by=by)
    item.file.save(upload.name, ContentFile(data), save=False)
    save_logged(item, "library.editionfile.create", by=by)
    _queue_extraction(item)
    return item


def add_file(*, by, edition, upload) -> EditionFile:
    require(by, "library.edit_work", edition.work)
    with transaction.atomic():
        return _new_file(by=by, edition=edition, upload=upload, version=1)


def remove_file(*, by, item) -> None:
    """A file of a work not yet published (a published work's files are corrected, never removed)."""
    require(by, "library.edit_work", item.edition.work)
    with transaction.atomic():
        work = item.edition.work
        delete_logged(item, "library.editionfile.delete", by=by)
        reindex(work)


def correct_file(*, by, item, upload, note: str) -> EditionFile:
    """A corrected version of a published work's file: the new one is current, the old one kept and listed
    as an earlier version; `note` says what was corrected (shown to readers)."""
    require(by, "library.correct_work", item.edition.work)
    if not note.strip():
        raise ValidationError({"note": _("Say what was corrected: readers see it beside the file.")},
                              code="no_note")
    if not item.is_current:
        raise ValidationError(_("Correct the current version of the file."), code="not_current")
    with transaction.atomic():
        old = EditionFile.objects.select_for_update().get(pk=item.pk)
        latest = old.edition.files.filter(name=old.name).aggregate(v=Max("version"))["v"] or old.version
        new = _new_file(by=by, edition=old.edition, upload=upload, version=latest + 1, note=note.strip())
        old.is_current = False
        save_logged(old, "library.editionfile.supersede", by=by, fields=["is_current"],
                    data={"replaced_by": new.pk})
        reindex(old.edition.work)
    return new


def extract_file_text(item) -> EditionFile:
    """The worker's step: read the file's text (or flag a scan) and index the work again."""
    with item.file.open("rb") as handle:
        found = extract(handle.read(), item.format)
    with transaction.atomic():
        item.extraction, item.text, item.pages = found.status, found.text, found.pages
        save_logged(item, "library.editionfile.extract", by=SYSTEM, fields=["extraction", "text", "pages"])
        reindex(item.edition.work)
    return item


# -- review and publication -----------------------------------------------------------------------------

@WORK_TRANSITIONS.guard("complete")
def _complete(work, *, by, **changes):
    editions = list(work.editions.all())
    if not editions:
        raise ValidationError(_("Add at least one edition (its language and title) first."), code="no_edition")
    if work.kind in PORTAL_KINDS and not (work.contact.strip() and work.outcomes.strip()):
        raise ValidationError(_("A practice or tool needs its contact and its outcomes."), code="portal_incomplete")
    if not any(e.body.strip() or e.files.filter(is_current=True).exists() or e.sections.exists() for e in editions):
        raise ValidationError(_("Add the publication's file (PDF, Word or Excel) or its text first."),
                              code="no_content")


@WORK_TRANSITIONS.guard("noticed")
def _noticed(work, *, by, withdrawal_notice="", **changes):
    if not withdrawal_notice.strip():
        raise ValidationError({"withdrawal_notice": _("Say why the work is withdrawn: readers see the notice.")},
                              code="no_notice")


@WORK_TRANSITIONS.effect("submit", "return", "publish", "withdraw", "retract", "restore")
def _touch(work, *, by, note=""):
    """A change of state is a change harvesters must see (OAI-PMH datestamps)."""
    Work.objects.filter(pk=work.pk).update(updated_at=timezone.now())


def submit(*, by, work, note: str = "") -> Work:
    return transition(work, "submit", by=by, note=note)


def return_for_changes(*, by, work, note: str = "") -> Work:
    if not note.strip():
        raise ValidationError({"note": _("Say what should change.")}, code="no_note")
    return transition(work, "return", by=by, note=note)


def publish(*, by, work, note: str = "") -> Work:
    now = timezone.now()
    work = transition(work, "publish", by=by, note=note, published_at=now)
    if work.published_on is None:
        work.published_on = timezone.localdate(now)
        save_logged(work, "library.work.dated", by=by, fields=["published_on"])
    return work


def withdraw(*, by, work, notice: str) -> Work:
    return transition(work, "withdraw", by=by, note=notice, withdrawn_at=timezone.now(),
                      withdrawal_notice=notice.strip())


def take_step(*, by, work, action: str, note: str = "") -> Work:
    steps = {"submit": submit, "return": return_for_changes, "publish": publish}
    if action == "withdraw":
        return withdraw(by=by, work=work, notice=note)
    if action not in steps:
        raise ValidationError(_("“%(action)s” is not something that can be done here.") % {"action": action},
                              code="unknown_action")
    return steps[action](by=by, work=work, note=note)


# -- import ---------------------------------------------------------------------------------------------

def import_work(*, by, kind, publisher, values: dict, themes, countries, authors, editions, publish: bool) -> Work:
    """One checked row of a catalogue import (importing.py): the work, its editions with their files, and
    (when the row says so) its publication, each step as a person would take it, in the import's transaction."""
    work = create_logged(Work, "library.work.import", by=by, kind=kind, publisher=publisher, created_by=by,
                         **{k: v for k, v in values.items() if v not in (None, "")})
    _set_relations(work, by=by, themes=themes, countries=countries, authors=authors)
    for language, title, abstract, name, data in editions:
        edition = create_logged(Edition, "library.edition.create", by=by, work=work, language=language, title=title,
                                abstract=abstract)
        if data is not None:
            _new_file(by=by, edition=edition, upload=SimpleUploadedFile(name.rsplit("/", 1)[-1], data), version=1)
    if publish:
        work = transition(work, "submit", by=by, note="import")
        work = transition(work, "publish", by=by, note="import", published_at=timezone.now())
    reindex(work)
    return work


# -- usage ------------------------------------------------------------------------------------------------

def _month(day: date | None = None) -> date:
    day = day or timezone.localdate()
    return day.replace(day=1)


def count_use(work, *, download: bool = False) -> None:
    """One more view of the work's page (or download of its file) this month: a counter, no one named."""
    month, column = _month(), "downloads" if download else "views"
    if Usage.objects.filter(work=work, month=month).update(**{column: F(column) + 1}):
        return
    try:
        with transaction.atomic():
            Usage.objects.create(work=work, month=month, **{column: 1})
    except IntegrityError:  # another request made the month's row first
        Usage.objects.filter(work=work, month=month).update(**{column: F(column) + 1})



