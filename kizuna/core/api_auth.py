"""API authentication and the explicit permission decision of every API operation.

A client sends `Authorization: Bearer kzn_…` (a personal token from the profile page); a browser session
works as well (with its CSRF token for writes). A request that sends an `Authorization` header is authenticated
by it alone: a wrong or unknown one is refused, never answered with the session of the same browser (the session
of a CLAIR staff member without MFA would otherwise get through with a junk header). CLAIR staff must have MFA
for their tokens too: a token is refused while its owner is CLAIR staff without an authenticator, whenever the
token was made. The permission of each operation is decided by kizuna/core/api_permissions.py.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from . import rules as core_rules
from .mfa import has_mfa
from .models import ApiToken


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


token_auth = TokenAuth()
session_auth = SessionAuth()
# The API's default (its OpenAPI security schemes); every operation names its own `auth=allowed(...)`
# (kizuna/core/api_permissions.py), which authenticates the same way before it checks the permission.
AUTH = [token_auth, session_auth]
