"""Accessibility (WCAG 2.2 A and AA, the rules axe-core can check) of the pages people start from."""

from pathlib import Path

import pytest
from django.core.management import call_command

from kizuna.core.enums import Role
from kizuna.core.models import Organisation
from tests.factories import MembershipFactory, UserFactory

from .conftest import log_in_with_session

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is shown, one line per rule and element."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs it with npm (package.json devDependencies)")
    # Evaluated through the DevTools protocol, as a tester's console would: a <script> tag added to the page
    # would be an inline script, which the Content-Security-Policy rightly blocks.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
        for v in result["violations"] for node in v["nodes"]
    ]


@pytest.fixture
def reference_data(transactional_db):
    call_command("load_reference_data", verbosity=0)


@pytest.mark.parametrize("path", ["/", "/organisations/?q=%E3%81%A1%E3%82%88%E3%81%A0", "/accounts/login/"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_public_page_has_no_wcag_violations(page, live_server, reference_data, path, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(path)

    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/", "/plan/", "/profile/", "organisation"])
def test_staff_page_has_no_wcag_violations(page, live_server, reference_data, path):
    call_command("load_plan", verbosity=0)
    chiyoda = Organisation.objects.get(code="131016")
    person = UserFactory(email="a11y@example.jp")
    MembershipFactory(person=person, organisation=chiyoda, role=Role.ADMIN)
    log_in_with_session(page, live_server, person)
    page.goto(chiyoda.get_absolute_url() if path == "organisation" else path)

    assert axe_violations(page) == []
