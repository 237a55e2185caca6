"""Sent mail issues flow into the library (`file_newsletter_issue`, called by the newsletter app when an issue
has gone out): one published record per issue, an edition per language with the issue's text.

Research answers flow into the library: when staff publish an office's research answer (the requests app,
`publish_research`), its library record is created or brought up to date with the public title and summary in
Japanese and English, the answer's text when staff chose to publish it, and the files they marked public; when
it is unpublished, the record is withdrawn; published again, it comes back. Nothing the requests app keeps
private reaches the library: only `Request.objects.published()` is read, and only the attachments marked public.

The record follows every logged write of a request (kizuna.core.audit.after_logged_write), as the full-text
index does, and is written by the system actor."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kizuna.core.audit import SYSTEM, after_logged_write, create_logged, delete_logged, save_logged
from kizuna.core.uploads import sniff
from kizuna.core.workflow import transition
from kizuna.requests.models import Attachment, Request

from .enums import FileFormat, Kind, Language, Status
from .models import Edition, EditionFile, Work, WorkCountry
from .services import FORMATS, _queue_extraction, reindex

ACTION = "library.work.research"


def _edition(work, language: str, title: str, abstract: str, body: str) -> None:
    edition = work.editions.filter(language=language).first()
    if not title:
        if edition is not None:
            for f in edition.files.all():
                delete_logged(f, "library.editionfile.delete", by=SYSTEM)
            delete_logged(edition, "library.edition.delete", by=SYSTEM)
        return
    values = {"title": title[:300], "abstract": abstract, "body": body}
    if edition is None:
        create_logged(Edition, "library.edition.create", by=SYSTEM, work=work, language=language, **values)
    elif any(getattr(edition, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(edition, name, value)
        save_logged(edition, "library.edition.update", by=SYSTEM, fields=list(values))


def _files(work, request) -> None:
    """The attachments marked public, as the Japanese edition's files (matched by content)."""
    edition = work.editions.filter(language=Language.JA).first()
    if edition is None:
        return
    have = {f.sha256: f for f in edition.files.all()}
    wanted = set()
    for attachment in Attachment.objects.filter(message__request=request, message__internal=False, is_public=True):
        with attachment.file.open("rb") as handle:
            data = handle.read()
        kind = FORMATS.get(sniff(ContentFile(data, name=attachment.name)) or "")
        if kind is None:  # an image or a memo: not a publication's file
            continue
        digest = hashlib.sha256(data).hexdigest()
        wanted.add(digest)
        if digest in have:
            continue
        item = EditionFile(edition=edition, name=attachment.name[-200:], format=FileFormat(kind), size=len(data),
                           sha256=digest)
        item.file.save(attachment.name, ContentFile(data), save=False)
        save_logged(item, "library.editionfile.create", by=SYSTEM, data={"attachment": attachment.pk})
        _queue_extraction(item)
    for digest, item in have.items():
        if digest not in wanted:
            delete_logged(item, "library.editionfile.delete", by=SYSTEM)


def _published_copy(request, work) -> Work:
    answered = timezone.localdate(request.answered_at) if request.answered_at else timezone.localdate()
    if work is None:
        work = create_logged(Work, ACTION, by=SYSTEM, kind=Kind.RESEARCH_ANSWER, status=Status.PUBLISHED,
                             publisher_id=request.office_id, source_request=request, keywords=request.theme[:300],
                             published_on=answered, published_at=timezone.now())
    else:
        if work.status == Status.WITHDRAWN:
            work = transition(work, "restore", by=SYSTEM, published_at=timezone.now(), withdrawn_at=None,
                              withdrawal_notice="")
        changed = {"keywords": request.theme[:300], "published_on": answered, "publisher_id": request.office_id}
        if any(getattr(work, k) != v for k, v in changed.items()):
            for name, value in changed.items():
                setattr(work, name, value)
            save_logged(work, ACTION, by=SYSTEM, fields=["keywords", "published_on", "publisher"])
    if not work.countries.filter(country=request.country).exists():
        for row in work.countries.all():
            delete_logged(row, "library.workcountry.delete", by=SYSTEM)
        create_logged(WorkCountry, "library.workcountry.create", by=SYSTEM, work=work, country=request.country)
    answer = request.deliverable.strip() if request.publish_answer else ""
    _edition(work, Language.JA, request.public_title, request.public_summary, answer)
    _edition(work, Language.EN, request.public_title_en, request.public_summary_en, "")
    _files(work, request)
    reindex(work)
    return work


@after_logged_write
def follow_research(obj) -> None:
    """Called after every logged write: a research request's library record follows it."""
    if not isinstance(obj, Request) or obj.kind != "research" or obj.office_id is None:
        return
    work = Work.objects.filter(source_request=obj).first()
    if Request.objects.published().filter(pk=obj.pk).exists():
        _published_copy(Request.objects.get(pk=obj.pk), work)
    elif work is not None and work.status == Status.PUBLISHED:
        with override("ja"):
            notice = _("The office's answer is no longer published.")
        transition(work, "retract", by=SYSTEM, withdrawn_at=timezone.now(), withdrawal_notice=notice)


NEWSLETTER_ACTION = "library.work.newsletter"


def file_newsletter_issue(*, work, publisher, editions: list[tuple[str, str, str, str]], published_on,
                          keywords: str = "") -> Work:
    """The library record of a sent mail issue (created, or brought up to date when `work` is given):
    `editions` are (language, title, summary, text). Written by the system, as the research flow is."""
    if work is None:
        work = create_logged(Work, NEWSLETTER_ACTION, by=SYSTEM, kind=Kind.NEWSLETTER_ISSUE,
                             status=Status.PUBLISHED, publisher=publisher, keywords=keywords[:300],
                             published_on=published_on, published_at=timezone.now())
    for language, title, summary, text in editions:
        _edition(work, language, title, summary, text)
    reindex(work)
    return work
