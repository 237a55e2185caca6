"""Signs, pointing boards and registration cards as print-ready PDFs (WeasyPrint, Noto fonts per script)."""

import threading

import segno
from django.conf import settings
from django.template.loader import render_to_string

from .enums import LANGUAGES


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def absolute(url: str, request=None) -> str:
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.SITE_URL.rstrip("/") + url


_local = threading.local()


def _font_config():
    """One WeasyPrint font configuration per thread, kept: loading the Noto faces anew for every PDF costs
    half the time of a sign and most of its memory (bench/README.md)."""
    from weasyprint.text.fonts import FontConfiguration

    if getattr(_local, "fonts", None) is None:
        _local.fonts = FontConfiguration()
    return _local.fonts


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "languages": LANGUAGES.values()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=_font_config())


def sign_pdf(sign, qr_url: str) -> bytes:
    return render_pdf("signage/print/sign.html", {"sign": sign, "spec": sign.spec, "qr": qr_data_uri(qr_url),
                                                 "qr_url": qr_url})
