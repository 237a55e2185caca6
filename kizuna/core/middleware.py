"""CLAIR staff must use multi-factor authentication.

A CLAIR staff member without an authenticator is sent to set one up; until then only the account and MFA
pages, the language switch and static files answer. API calls through the browser session are refused the
same way. An API call that sends an `Authorization` header is authenticated by that header alone, never by the
session (kizuna.core.api_auth), and a token of a CLAIR staff member without an authenticator is refused there.
"""

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import rules as core_rules
from .mfa import has_mfa
from .ratelimit import client_address

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")


class RequireStaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not (request.path.startswith("/api/") and "Authorization" in request.headers)
            and core_rules.is_clair_staff(user)
            and not has_mfa(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("CLAIR staff must set up two-factor authentication first.")},
                                    status=403)
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.get_full_path())
        return self.get_response(request)


# The longest address (path and query string, as sent) Kizuna answers. Gunicorn's own limit of the request line
# must be above it (`--limit-request-line 8190`, docs/deploy-at-scale.md), so that Kizuna answers a long address
# itself (JSON under /api/) instead of gunicorn's HTML error page.
MAX_URL_LENGTH = 4000


class RejectLongUrlMiddleware:
    """An address longer than MAX_URL_LENGTH is refused with 414 before anything else reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.get_full_path()) > MAX_URL_LENGTH:
            message = _("The address is longer than %(max)s characters.") % {"max": f"{MAX_URL_LENGTH:,}"}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=414)
            return HttpResponse(message, status=414, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class RejectNulMiddleware:
    """NUL characters are never valid text here (PostgreSQL cannot store them): a request that carries one in its
    query string or body is refused with a clear message, before any view sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            message = _("The request contains a NUL character, which is not allowed in text.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=422)
            return HttpResponseBadRequest(message)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.method in ("POST", "PUT", "PATCH") and request.content_type == "application/json":
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        return False


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware, with the client's address found as the login rate limits find it.

    Auditlog's own takes the first address of any X-Forwarded-For header, which anyone can write; allauth's
    adapter trusts only the proxies the settings name (ALLAUTH_TRUSTED_PROXY_COUNT, ..._CLIENT_IP_HEADER)."""

    @staticmethod
    def _get_remote_addr(request):
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)
