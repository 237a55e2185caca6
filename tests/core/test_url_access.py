"""Every URL pattern (pages and API), walked with every role, anonymous included.

Fails when a view makes no explicit permission decision, when a permission is missing from the access
table (tests/access.py), and when a role reaches what it should not or is refused what it should reach.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from kizuna.core.api_permissions import operation_permission
from kizuna.core.permissions import ATTR
from tests.access import EXEMPT_NAMES, EXEMPT_PREFIXES, PERMISSION_ROLES, SAMPLES
from tests.conftest import ROLES


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


ENDPOINTS = _endpoints()


def test_every_view_makes_an_explicit_permission_decision():
    undecided = [f"{route} ({name}) {method or ''}" for route, name, method, perm in ENDPOINTS if perm is None]
    assert undecided == []


def test_every_permission_is_in_the_access_table():
    unknown = sorted({perm for *_, perm in ENDPOINTS if perm and not perm.startswith("exempt:")}
                     - set(PERMISSION_ROLES))
    assert unknown == []


def test_every_pattern_with_arguments_has_a_sample():
    missing = [name for route, name, method, perm in ENDPOINTS if "<" in route and name not in SAMPLES]
    assert missing == []


def _request(client, method, url, is_api):
    if method:
        data = None if method == "GET" else {}
        return getattr(client, method.lower())(url, content_type="application/json", data=data)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def _refused(response, role, is_api) -> bool:
    if role == "anonymous":
        if is_api:
            return response.status_code in (401, 403)
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    return response.status_code in (403, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "name", "method", "perm"), ENDPOINTS,
                         ids=[f"{e[1]}-{e[2] or 'page'}" for e in ENDPOINTS])
def test_url_access_matches_the_table(world, role, route, name, method, perm):
    if perm.startswith("exempt:"):
        pytest.fail(f"{name} is exempt in code but not listed in tests/access.py")
    kwargs = SAMPLES[name](world, role) if "<" in route else {}
    url = reverse(name, kwargs=kwargs)
    is_api = name.startswith("api:")
    response = _request(world.client_for(role), method, url, is_api)
    allowed = role in PERMISSION_ROLES[perm]
    assert response.status_code < 500
    if allowed:
        assert not _refused(response, role, is_api), f"{role} was refused {url}: {response.status_code}"
    else:
        assert _refused(response, role, is_api), f"{role} reached {url}: {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_exempt_account_pages_answer_every_role(world, role):
    client = world.client_for(role)
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        assert client.get(path).status_code in (200, 302)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "superuser"])
def test_admin_refuses_everyone_but_django_staff(world, role):
    response = world.client_for(role).get("/admin/")
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/admin/login/")
