"""Every page and API operation of Kizuna, as the access tests walk them."""

from django.urls import URLResolver, get_resolver

from kizuna.core.api_permissions import operation_permission
from kizuna.core.permissions import ATTR
from tests.access import EXEMPT_NAMES, EXEMPT_PREFIXES


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else (p.namespace or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        else:
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p


def _ninja_operations(callback):
    """The operations behind a django-ninja URL (the PathView is in the view's closure)."""
    for cell in callback.__closure__ or ():
        operations = getattr(cell.cell_contents, "operations", None)
        if operations is not None:
            return operations
    return None


def _exempt_reason(route: str, name: str | None) -> str | None:
    if name in EXEMPT_NAMES:
        return EXEMPT_NAMES[name]
    for prefix, reason in EXEMPT_PREFIXES.items():
        if route.startswith(prefix):
            return reason
    return None


def _endpoints():
    """(route, url name, method, permission) for every page and API operation that is not exempt."""
    found = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if _exempt_reason(route, name):
            continue
        operations = _ninja_operations(pattern.callback)
        if operations is not None:
            for op in operations:
                for method in op.methods:
                    found.append((route, name, method, operation_permission(op)))
        else:
            found.append((route, name, None, getattr(pattern.callback, ATTR, None)))
    return found



def endpoint_key(name: str, method: str | None) -> str:
    return f"{name} {method}" if method else name


ENDPOINTS = _endpoints()
