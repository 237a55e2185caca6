"""Uploaded documents are checked by their content, never by their name, and limited to 20 MB."""

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


def sniff(upload) -> str | None:
    """The content type the bytes show, or None for anything not accepted."""
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


def check_upload(upload) -> str:
    if upload.size > MAX_BYTES:
        raise ValidationError(_("“%(name)s” is %(size)s MB; files can be at most 20 MB.")
                              % {"name": upload.name, "size": f"{upload.size / 1024 / 1024:.1f}"}, code="too_big")
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(_("“%(name)s” is not a PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx) file "
                                "(checked by its content, not its name).") % {"name": upload.name},
                              code="file_type")
    return kind
