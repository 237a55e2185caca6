"""API authentication and the explicit permission decision of every API operation.

A client sends `Authorization: Bearer kzn_…` (a personal token from the profile page); a browser session
works as well (with its CSRF token for writes). A request that sends an `Authorization` header is authenticated
by it alone: a wrong or unknown one is refused, never answered with the session of the same browser (the session
of a CLAIR staff member without MFA would otherwise get through with a junk header). CLAIR staff must have MFA
for their tokens too: a token is refused while its owner is CLAIR staff without an authenticator, whenever the
token was made. Operations that anonymous people may call still name their permission with
`@api_permission`, so the URL × role test sees a decision for every operation.
"""

from datetime import timedelta
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer

from . import rules as core_rules
from .mfa import has_mfa
from .models import ApiToken
from .permissions import ATTR


def sends_credentials(request) -> bool:
    return "Authorization" in request.headers


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        record = ApiToken.authenticate(token)
        if record is None:
            return None
        if core_rules.is_clair_staff(record.person) and not has_mfa(record.person):
            raise HttpError(403, _("CLAIR staff must set up two-factor authentication first."))
        now = timezone.now()
        if record.last_used_at is None or now - record.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        request.user = record.person
        request.auth_token = record
        return record.person


class SessionAuth(APIKeyCookie):
    """The browser's session; writes need the CSRF token. Not when the request sends an Authorization header:
    then that header alone decides."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        if sends_credentials(request):
            return None
        if request.user.is_authenticated:
            return request.user
        return None


class OptionalAuth:
    """For public operations: a token, if one is sent, must be valid; otherwise the caller is anonymous."""

    def __call__(self, request):
        if sends_credentials(request):
            user = TokenAuth()(request)
            if not user:
                raise AuthenticationError()
            return user
        if request.user.is_authenticated:
            return request.user
        request.user = AnonymousUser()
        return request.user


token_auth = TokenAuth()
session_auth = SessionAuth()
optional_auth = OptionalAuth()
AUTH = [token_auth, session_auth]


def api_permission(perm: str, get_object=None):
    """Check `perm` (on the object that `get_object(request, **kwargs)` returns, if given) before the
    operation runs. Forbidden objects answer 404 like missing ones; forbidden operations 403."""

    def decorator(func):
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                if obj is not None:
                    raise Http404
                raise HttpError(403, "forbidden")
            return func(request, *args, **kwargs)

        setattr(wrapped, ATTR, perm)
        return wrapped

    return decorator
