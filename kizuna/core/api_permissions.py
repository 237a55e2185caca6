"""The permission of every API operation, decided before its input is read.

Each operation names its permission as its ninja `auth` (ninja runs authentication before it parses the path,
query and body), so a caller who may not do something is refused before their input is even looked at, and
input schemas can say truthfully which fields are required:

    @router.get("/{request_id}", response=…, auth=allowed("requests.view_request", get_object=_request))
    def requests_get(request, request_id: int = ID):
        r = loaded(request)          # the record, loaded once by the permission check

`allowed(perm, get_object=…)`:
1. authenticates: with an `Authorization` header, the personal token alone (kizuna/core/api_auth.py);
   otherwise the browser session (with its CSRF token for writes); otherwise the caller is anonymous;
2. refuses anonymous callers (401) when the permission's policy never allows anonymous people;
3. loads the record with `get_object(request, **path)` — from a queryset already filtered with
   `visible_to(user)`, so a forbidden record is a 404 like a missing one — and keeps it for the operation;
4. asks the permission (403 without a record, 404 with one).
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError

from .api_auth import session_auth, token_auth
from .permissions import ATTR, open_to_anonymous

MAX_ID = 2**31 - 1


def parse_id(value) -> int:
    """A path id as the permission check reads it (before ninja validates it): anything else is a 404."""
    try:
        number = int(str(value))
    except ValueError:
        raise Http404 from None
    if not 1 <= number <= MAX_ID:
        raise Http404
    return number


def _caller(request):
    if "Authorization" in request.headers:
        user = token_auth(request)
        if not user:
            raise AuthenticationError()
        return user
    if request.user.is_authenticated:
        user = session_auth(request)  # checks the CSRF token of writes
        if user:
            return user
        raise AuthenticationError()
    return AnonymousUser()


class Allowed:
    """A ninja auth callable that authenticates, loads the record and checks one permission."""

    def __init__(self, perm: str, get_object=None):
        self.perm = perm
        self.get_object = get_object

    def __call__(self, request):
        user = _caller(request)
        request.user = user
        if not user.is_authenticated and not open_to_anonymous(self.perm):
            raise AuthenticationError()
        obj = None
        if self.get_object is not None:
            path = dict(request.resolver_match.kwargs) if request.resolver_match else {}
            obj = self.get_object(request, **path)
        if not user.has_perm(self.perm, obj):
            if obj is not None:
                raise Http404
            if not user.is_authenticated:
                raise AuthenticationError()
            raise HttpError(403, "forbidden")
        request.kizuna_object = obj
        return user if user.is_authenticated else _Anonymous()


class _Anonymous:
    """Truthy stand-in for ninja's `request.auth` when an anonymous caller is allowed."""

    def __bool__(self) -> bool:
        return True


def allowed(perm: str, get_object=None) -> list:
    """The `auth=` of an operation: `[Allowed(perm, get_object)]`."""
    return [Allowed(perm, get_object)]


def loaded(request):
    """The record the permission check loaded for this operation."""
    return request.kizuna_object


def operation_permission(operation) -> str | None:
    """The permission an operation decides with (for the URL × role walk)."""
    for callback in getattr(operation, "auth_callbacks", None) or ():
        if isinstance(callback, Allowed):
            return callback.perm
    return getattr(operation.view_func, ATTR, None)
