"""Explicit permission decisions for every view.

Every page declares its permission with `@permission_required("app.perm")` (object-level when `get_object`
is given) or, for pages that anybody may open, `@public("app.perm")`. Both stamp the view with
`kizuna_permission`, which the URL × role test reads: a view without it fails that test. The permission is
answered by its model's policy (kizuna/core/policies.py), the same one the lists and the API ask.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .policies import policy_of

ATTR = "kizuna_permission"


def open_to_anonymous(perm: str) -> bool:
    """Could an anonymous person ever hold `perm`? If not, they are sent to log in before any record is read."""
    try:
        return policy_of(perm).open_to_anonymous(perm)
    except KeyError:
        return True


def _stamp(view, perm: str):
    setattr(view, ATTR, perm)
    return view


def permission_required(perm: str, get_object=None):
    """Deny by default: anonymous people go to the login page, others get 403 (or 404 for objects).

    `get_object(request, **kwargs)` must return the object from a queryset already filtered with
    `visible_to(request.user)` (raising Http404 otherwise); a forbidden object then answers 404 too.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated and not open_to_anonymous(perm):
                return redirect_to_login(request.get_full_path())
            obj = get_object(request, **kwargs) if get_object else None
            if not request.user.has_perm(perm, obj):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if obj is not None:
                    raise Http404
                raise PermissionDenied
            if get_object:
                kwargs["obj"] = obj
            return view(request, *args, **kwargs)

        return _stamp(wrapped, perm)

    return decorator


def public(perm: str):
    """A page that everybody, anonymous included, may open. The permission is still checked."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _stamp(wrapped, perm)

    return decorator


def exempt(reason: str):
    """For views that make their own decision (third-party account pages). The reason is recorded."""

    def decorator(view):
        return _stamp(view, f"exempt:{reason}")

    return decorator
