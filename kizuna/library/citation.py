"""How a work is cited, and the metadata in its page that search engines and reference managers read:
Dublin Core (`DC.*`, with its schema link) and the Highwire Press `citation_*` tags that Google Scholar and
Zotero use."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .enums import FileFormat, Kind


def _authors(work, language: str) -> list[str]:
    names = [a.label(language) for a in work.authors.all()]
    if not names:
        org = work.publisher
        names = [org.name_en if language == "en" and org.name_en else org.name]
    return names


def _publisher(work, language: str) -> str:
    org = work.publisher
    return org.name_en if language == "en" and org.name_en else org.name


def citation_text(request, work, edition) -> str:
    """"Authors (year). Title. Series No. n. Publisher. URL" in the edition's language."""
    language = edition.language[:2]
    year = work.published_on.year if work.published_on else _("n.d.")
    parts = [f"{'; '.join(_authors(work, language))} ({year}). {edition.title}."]
    if work.identifier:
        parts.append(f"{work.identifier}.")
    parts.append(f"{_publisher(work, language)}.")
    parts.append(request.build_absolute_uri(work.get_absolute_url()))
    return " ".join(parts)


def citation_meta(request, work, edition) -> list[tuple[str, str]]:
    """(name, content) pairs for <meta> tags of a released work."""
    language = edition.language[:2]
    url = request.build_absolute_uri(work.get_absolute_url())
    date = work.published_on.isoformat() if work.published_on else ""
    meta = [("DC.title", edition.title), ("DC.language", edition.language), ("DC.identifier", url),
            ("DC.publisher", _publisher(work, language)), ("DC.type", "Text"), ("DC.date", date),
            ("citation_title", edition.title), ("citation_language", edition.language),
            ("citation_publisher", _publisher(work, language)), ("citation_publication_date",
                                                                 date.replace("-", "/")),
            ("citation_abstract_html_url", url)]
    for name in _authors(work, language):
        meta += [("DC.creator", name), ("citation_author", name)]
    for theme in work.themes.all():
        meta.append(("DC.subject", theme.label(language)))
    if edition.abstract:
        meta.append(("DC.description", edition.abstract[:500]))
    if work.number is not None:
        meta.append(("citation_technical_report_number", str(work.number)))
    if work.kind == Kind.MAGAZINE_ARTICLE and work.issue_id:
        meta.append(("citation_journal_title", "自治体国際化フォーラム"))
        if work.issue.number is not None:
            meta.append(("citation_issue", str(work.issue.number)))
    pdf = next((f for f in edition.files.all() if f.is_current and f.format == FileFormat.PDF), None)
    if pdf is not None:
        meta.append(("citation_pdf_url", request.build_absolute_uri(reverse("library:download", args=[pdf.pk]))))
    return [(name, value) for name, value in meta if value]
