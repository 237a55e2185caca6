"""JET learning in a real browser: a participant opens "My learning" on a phone-sized window, reads the modules of
the e-learning course, passes the quiz and downloads the certificate (a PDF in Japanese and English)."""

import subprocess

import pytest
from playwright.sync_api import expect

from tests.learning.conftest import arrive, build_course, place

from .conftest import csp_violations, screenshot
from .test_journeys import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_participant_completes_a_course_and_downloads_the_certificate(page, live_server, world):
    course = build_course(world, title="BOATS for JET", due_days_after_arrival=60)
    arrive(world, place(world, person=world.people["jet"]))
    page.set_viewport_size(PHONE)
    blocked = csp_violations(page)
    log_in(page, world.people["jet"].email)
    page.goto("/learning/me/")
    page.get_by_test_id("my-enrolments").get_by_role("link", name=course.title_ja).click()
    for module in course.modules.all():
        page.get_by_test_id("modules").get_by_role("link", name=module.title_ja).click()
        expect(page.get_by_test_id("module-content")).to_contain_text(module.content_ja)
        page.get_by_test_id("mark-read").click()
    page.get_by_role("link", name="確認テストを受ける").click()
    for question in course.questions.all():
        page.locator(f"#id_q{question.pk}_0").check()  # the right choice comes first
    screenshot(page, "learning-quiz-phone")
    page.get_by_role("button", name="解答を提出する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("修了")
    with page.expect_download() as download:
        page.get_by_test_id("certificate").click()
    pdf = download.value.path().read_bytes()
    text = "".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
                   .stdout.decode().split())
    assert ("修了証" in text, "CertificateofCompletion" in text) == (True, True)
    assert blocked == []
