"""Files that Kizuna makes for the browser (PDFs, spreadsheets, CSV, calendars, Word, SVG): one way to name them.

`file_response` answers with the bytes of a made file; `named` gives any response (a streamed CSV too) its file
name. Both write the Content-Disposition header with Django's `content_disposition_header`, which quotes the name
and adds its RFC 5987 form when it is not ASCII (a Japanese file name stays readable in every browser). `inline`
asks the browser to show the file (a sign to print) rather than save it (a roster, a letter)."""

from django.http import HttpResponse, HttpResponseBase
from django.utils.http import content_disposition_header

PDF = "application/pdf"


def named(response: HttpResponseBase, filename: str, *, inline: bool = False) -> HttpResponseBase:
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


def file_response(content: bytes | str, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    return named(HttpResponse(content, content_type=content_type), filename, inline=inline)


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    return file_response(content, PDF, filename, inline=inline)
