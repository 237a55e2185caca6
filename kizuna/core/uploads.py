"""Uploaded documents are checked by their content, never by their name, and limited to 20 MB.

Used by every app that stores what people upload (grant applications and reports, request threads)."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024
KINDS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
}
_OOXML = {"word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


TEXT_LIMIT = 1024 * 1024  # plain text is read whole to check it; longer text files are refused


def _is_text(upload) -> bool:
    """UTF-8 text without control characters other than tab and line ends (a .txt or .csv memo)."""
    if upload.size > TEXT_LIMIT:
        return False
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return bool(text) and not any(ord(c) < 32 and c not in "\t\r\n" for c in text)


def sniff(upload, *, text: bool = False) -> str | None:
    """The content type the bytes show, or None for anything not accepted (plain text only when `text`)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, kind in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
        return None
    if text and _is_text(upload):
        return "text/plain"
    return None


def check_upload(upload, *, text: bool = False) -> str:
    """The upload's content type, or a ValidationError that names the file and the rule it breaks. `text`
    also accepts plain UTF-8 text (request threads take memos; grant documents do not)."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("“%(name)s” is %(size)s MB; files can be at most 20 MB.")
                              % {"name": upload.name, "size": f"{upload.size / 1024 / 1024:.1f}"}, code="too_big")
    kind = sniff(upload, text=text)
    if kind is None:
        if text:
            message = _("“%(name)s” is not a PDF, PNG, JPEG, Word (.docx), Excel (.xlsx) or plain text file "
                        "(checked by its content, not its name).")
        else:
            message = _("“%(name)s” is not a PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx) file "
                        "(checked by its content, not its name).")
        raise ValidationError(message % {"name": upload.name}, code="file_type")
    return kind
