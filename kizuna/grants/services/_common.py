from django.core.exceptions import PermissionDenied


def require(by, perm: str, obj=None) -> None:
    if not by.has_perm(perm, obj):
        raise PermissionDenied(perm)
