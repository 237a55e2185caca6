"""Every URL pattern (pages and API), walked with every role, anonymous included.

Fails when a view makes no explicit permission decision, when a permission is missing from the access
table (tests/access.py), and when a role reaches what it should not or is refused what it should reach.
"""

import pytest
from django.urls import reverse

from tests.access import PERMISSION_ROLES, SAMPLES
from tests.access_urls import URL_PERMISSIONS
from tests.conftest import ROLES, module_world
from tests.walk import ENDPOINTS, endpoint_key

# 13,000 walks of one small world: written once for the module, each walk in its own savepoint
_kept_world, world = module_world()


def test_every_view_makes_an_explicit_permission_decision():
    undecided = [f"{route} ({name}) {method or ''}" for route, name, method, perm in ENDPOINTS if perm is None]
    assert undecided == []


def test_every_view_decides_with_the_reviewed_permission():
    """tests/access_urls.py says, for every URL (and API method), which permission decides it: a view whose
    decorator changes to another (perhaps more open) permission fails here until the table is reviewed."""
    declared = {endpoint_key(name, method): perm for route, name, method, perm in ENDPOINTS}
    assert declared == URL_PERMISSIONS


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
    # A sample arranges the world (and names the record) for a pattern with arguments; a page without arguments
    # may have one too, when who holds its permission depends on records (a participant in post may ask).
    kwargs = SAMPLES[name](world, role) if name in SAMPLES else {}
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
