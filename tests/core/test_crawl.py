"""Every link a person meets on the way leads somewhere they may go: a crawl of the pages each role reaches from
the home page, over the world and the records of several owners every app adds (`MIXED`), fails on a link that
answers 4xx or 5xx (a dead end in the navigation)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest

from tests.access import MIXED
from tests.conftest import ROLES, module_world

HREF = re.compile(r'<a\s[^>]*href="([^"#][^"]*)"')
SKIP = ("/admin/", "/accounts/logout", "/api/", "/static/", "/media/", "/i18n/", "/healthz")
MAX_PAGES = 150


def _arrange(world) -> None:
    for make in MIXED:
        make(world)


# written once for the module (each role's crawl runs in its own savepoint)
_kept_world, world = module_world(_arrange)


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parsed = urlparse(href)
        if parsed.scheme or parsed.netloc or not href.startswith("/") or href.startswith(SKIP):
            continue
        found.append(href)
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_the_pages_a_role_reaches_answers(world, role):
    client = world.client_for(role)
    seen, queue, broken = {"/"}, deque([("/", None)]), []
    pages = 0
    while queue and pages < MAX_PAGES:
        url, came_from = queue.popleft()
        response = client.get(url)
        pages += 1
        if response.status_code >= 400:
            broken.append(f"{url} ({response.status_code}) linked from {came_from}")
            continue
        if response.status_code in (301, 302):
            continue  # a redirect (to log in, or after a choice) is not a dead end
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    assert broken == [], "\n".join(broken)
