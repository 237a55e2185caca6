"""Kizuna's URLs plus the floor: a bare view that answers with the stored bytes of a measured page.

Served by the same gunicorn, through the same middleware, with the same request headers as the page, the
floor is what this machine and this stack cost for that response when the view itself does nothing.
"""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path

from kizuna.urls import urlpatterns as kizuna_urlpatterns

_bodies: dict[str, bytes] = {}


def floor(request, name: str):
    body = _bodies.get(name)
    if body is None:
        try:
            body = _bodies[name] = (settings.BENCH_FLOOR_DIR / f"{name}.html").read_bytes()
        except FileNotFoundError:
            raise Http404(name) from None
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("__floor__/<slug:name>", floor, name="bench_floor"), *kizuna_urlpatterns]
