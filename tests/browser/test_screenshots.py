"""The main pages of every kind of user, at a desk and on a phone: each opens without an error, fits the phone's
width (no sideways scrolling of the whole page: wide tables scroll inside their own box), and is photographed
for docs/screenshots (rewritten by `make screenshots`, i.e. KIZUNA_UPDATE_DOCS=1; a normal run writes to a
temporary folder). The pages are photographed in Japanese; in English they are checked on a phone (the width,
and no word of the page's own left in Japanese) but not photographed, so that the refresh writes the same files.

The records are the mixed records of the apps (tests/access.py MIXED): several organisations, every state."""

import re

import pytest

from tests.access import MIXED

from .conftest import open_as, screenshot, untranslated

# A fiscal year is shown with its 令和 year beside the western one in English too ("FY2026 (令和8年度)", by
# design: DESIGN.md), so that year is no word left untranslated; any other Japanese in the page's own words is.
REIWA_YEAR = re.compile(r"\(令和\d+年度\)")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

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


# Japanese at both sizes, photographed (docs/screenshots holds <name>-desk.png and <name>-phone.png, Japanese);
# English on a phone, checked only: the same pages fit the width and show no word of their own in Japanese.
@pytest.mark.parametrize(("language", "size"), [("ja", "desk"), ("ja", "phone"), ("en", "phone")])
def test_main_pages_open_fit_the_screen_and_are_photographed(page, live_server, records, language, size):
    problems = []
    for name, role, path in PAGES:
        open_as(page, live_server, None if role == "anonymous" else records.people[role], language, size)
        response = page.goto(path)
        if response is None or response.status >= 400:
            problems.append(f"{path} as {role}: {response and response.status}")
            continue
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"{path} as {role}: not in {language}")
        if size == "phone" and _overflow(page) > 1:
            problems.append(f"{path} as {role}: {_overflow(page)} px wider than a phone")
        if language == "en" and (japanese := [w for w in untranslated(page) if JAPANESE.search(REIWA_YEAR.sub("", w))]):
            problems.append(f"{path} as {role}: left in Japanese {japanese}")
        if language == "ja":
            screenshot(page, f"{name}-{size}")
    assert problems == [], "\n".join(problems)
