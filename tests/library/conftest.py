"""Library test helpers: real files (a PDF rendered with WeasyPrint, a Word file, a scan without text) and works
written through the services, as staff would."""

import functools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from kizuna.library import services
from kizuna.library.enums import Kind
from kizuna.library.models import Theme


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched in English here (the Japanese ones are checked by the translation tests)."""
    from django.utils import translation

    translation.activate("en")
    yield


@functools.lru_cache(maxsize=16)
def pdf_bytes(*paragraphs: str) -> bytes:
    from kizuna.library.demo import pdf

    return pdf("Test", paragraphs[0], list(paragraphs))


@functools.lru_cache(maxsize=1)
def scan_bytes() -> bytes:
    """A PDF page holding only a drawn box: what a scanner gives (no text layer)."""
    from weasyprint import HTML

    return HTML(string='<div style="width:80mm;height:80mm;background:#333"></div>').write_pdf()


def docx_bytes(*paragraphs: str) -> bytes:
    from kizuna.library.demo import docx

    return docx(paragraphs[0], list(paragraphs))


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def add_file(by, edition, name: str, data: bytes):
    """Upload a file and let the worker read it (its task runs when the upload's transaction commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        item = services.add_file(by=by, edition=edition, upload=upload(name, data))
    item.refresh_from_db()
    return item


def report(w, *, number=512, title="米国の地方自治体における多文化共生施策", english="Multicultural policies in the US",
           body=("ニューヨーク市は言語アクセス法に基づき翻訳を行っている。", "まちづくりへの参画も進む。"),
           body_en=("New York City translates documents into ten languages.",), publish=True, countries=("US",),
           **values):
    """A CLAIR Report of the New York office with a Japanese and an English edition, each with its PDF."""
    office, hq = w.people["office_staff"], w.people["hq_staff"]
    work = services.create_work(by=office, kind=Kind.CLAIR_REPORT, publisher=w.nyc, number=number,
                                countries=list(countries), themes=list(Theme.objects.filter(slug="multicultural")),
                                authors=[(w.nyc, "")], **values)
    ja = services.save_edition(by=office, work=work, language="ja", title=title, abstract=body[0])
    add_file(office, ja, f"report-{number}-ja.pdf", pdf_bytes(*body))
    if english:
        en = services.save_edition(by=office, work=work, language="en", title=english, abstract=body_en[0])
        add_file(office, en, f"report-{number}-en.pdf", pdf_bytes(*body_en))
    if publish:
        services.submit(by=office, work=work)
        work = services.publish(by=hq, work=work)
    return work
