"""The main pages of every kind of user, at a desk and on a phone: each opens without an error, fits the phone's
width (no sideways scrolling of the whole page: wide tables scroll inside their own box), and is photographed
for docs/screenshots (rewritten by `make screenshots`, i.e. KIZUNA_UPDATE_DOCS=1; a normal run writes to a
temporary folder).

The records are the mixed records of the apps (tests/access.py MIXED): several organisations, every state."""

import pytest

from tests.access import MIXED

from .conftest import log_in_with_session, screenshot

DESK = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}  # a common phone, in CSS pixels

# (name, role, path): the first page each kind of user meets for their main tasks
PAGES = [
    ("home-public", "anonymous", "/"),
    ("directory", "anonymous", "/organisations/?q=千代田"),
    ("signs", "anonymous", "/signs/"),
    ("events", "anonymous", "/events/"),
    ("research", "anonymous", "/requests/research/"),
    ("home-municipality", "municipality_staff", "/"),
    ("grants", "municipality_staff", "/grants/"),
    ("requests", "municipality_staff", "/requests/"),
    ("home-hq", "hq_staff", "/"),
    ("dashboard", "hq_staff", "/plan/"),
    ("jet-roster", "hq_staff", "/jet/"),
    ("jet-overview", "hq_staff", "/jet/overview/"),
    ("jet-safety", "pa", "/jet/safety/"),
    ("jet-mine", "jet", "/jet/me/"),
]


@pytest.fixture
def records(world):
    for make in MIXED:
        if make.__module__ != "tests.signage.access":  # its shelter pack is built at once here (no transaction to
            make(world)                                # defer the task to), and signs need no records of their own
    return world


def _overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_main_pages_open_fit_the_screen_and_are_photographed(page, live_server, records, size):
    page.set_viewport_size(DESK if size == "desk" else PHONE)
    problems = []
    for name, role, path in PAGES:
        page.context.clear_cookies()
        if role != "anonymous":
            log_in_with_session(page, live_server, records.people[role])
        response = page.goto(path)
        if response is None or response.status >= 400:
            problems.append(f"{path} as {role}: {response and response.status}")
            continue
        if size == "phone" and _overflow(page) > 1:
            problems.append(f"{path} as {role}: {_overflow(page)} px wider than a phone")
        screenshot(page, f"{name}-{size}")
    assert problems == []
