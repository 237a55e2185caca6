"""The alumni network in a real browser (issue #14, item 9).

A participant says yes to the alumni question on their leaving page; once headquarters records the departure they
are an alumnus with their Chiyoda placement carried over, open the alumni section from the header and join JETAA
New York. One who said no joins later from the join page, after reading the consent and their placements.
New York's officer holds an event for the chapter and writes to its members (an empty subject is refused beside
its field, and nothing is sent). Daniel shows his employer to all alumni, then to CLAIR only: an alumnus of
another chapter no longer sees it nor finds him by it, CLAIR still does; withdrawing his consent hides his profile.
The directory fits a phone's width.
"""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kizuna.alumni.models import Alumnus, ChapterMember
from kizuna.core.enums import OrgKind
from kizuna.events.models import Event
from kizuna.jet import services as jet
from tests.alumni.conftest import alumnus, chapter_for
from tests.factories import OrganisationFactory, UserFactory
from tests.jet.access import _leaving

from .conftest import csp_violations, log_in_with_session

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
EMPLOYER = "JETRO New York"


def _as(page, live_server, person):
    page.context.clear_cookies()
    log_in_with_session(page, live_server, person)


def _alumni(page):
    """The alumni section, from the header's navigation."""
    page.locator("#site-nav").get_by_role("link", name="JET経験者", exact=True).click()
    expect(page).to_have_url(re.compile(r"/alumni/$"))


def _answer(page, participant, answer: str):
    """The participant answers the alumni question on their leaving page, reached from their own record."""
    page.goto(participant.get_absolute_url())
    page.get_by_test_id("leaving-link").click()
    expect(page).to_have_url(re.compile(reverse("jet:leaving_checklist", args=[participant.pk]) + "$"))
    page.get_by_label(answer).check()
    page.get_by_role("button", name="回答を保存する").click()
    expect(page.locator(".messages")).to_contain_text("回答を保存しました")


def _depart(world, participant):
    return jet.record_departure(by=world.people["hq_staff"], participant=participant, departed_on=date(2027, 8, 1))


def test_a_participant_says_yes_on_leaving_and_joins_new_york_as_an_alumnus(page, live_server, world):
    blocked = csp_violations(page)
    new_york = chapter_for(world)
    participant = _leaving(world)

    _as(page, live_server, world.people["jet"])
    _answer(page, participant, "はい、参加します")
    expect(page.get_by_test_id("alumni-consent")).to_contain_text("参加します")
    assert not Alumnus.objects.exists()  # the record comes with the departure

    _depart(world, participant)
    record = Alumnus.objects.get(person=world.people["jet"])
    assert (record.source, record.status, record.placements.get().organisation) == (
        "departure", "listed", world.chiyoda)

    page.goto("/")
    _alumni(page)
    mine = page.get_by_test_id("my-network")
    expect(mine).to_contain_text("ネットワークに登録")  # the record's state
    expect(mine).to_contain_text("まだどの支部にも所属していません。")
    mine.get_by_role("link", name="プロフィールと公開範囲").click()
    expect(page).to_have_url(re.compile(r"/alumni/me/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alex Smith")
    placement = "千代田区 (東京都), ALT（外国語指導助手）, 2026–2027"  # carried over: organisation, position, years
    expect(page.get_by_test_id("field-placements")).to_contain_text(placement)
    expect(page.get_by_test_id("consent-given")).to_contain_text("クレア")

    page.goto("/alumni/")
    page.get_by_test_id("my-network").get_by_role("link", name="支部を探す").click()
    expect(page).to_have_url(re.compile(r"/alumni/chapters/$"))
    page.locator("main").get_by_role("link", name="JETAA New York").click()
    expect(page).to_have_url(re.compile(re.escape(new_york.get_absolute_url()) + "$"))
    page.get_by_role("button", name="この支部に入会する").click()
    expect(page.get_by_test_id("membership")).to_contain_text("から会員です。")
    expect(page.get_by_role("button", name="この支部に入会する")).to_have_count(0)
    expect(page.get_by_test_id("health").locator("dd").first).to_have_text("1")
    assert ChapterMember.objects.get(chapter=new_york).alumnus == record

    _alumni(page)
    expect(page.get_by_test_id("my-network").get_by_role("link", name="JETAA New York")).to_be_visible()
    assert blocked == []


def test_a_participant_who_said_no_joins_later_from_the_join_page(page, live_server, world):
    blocked = csp_violations(page)
    participant = _leaving(world)

    _as(page, live_server, world.people["jet"])
    _answer(page, participant, "いいえ、参加しません")
    expect(page.get_by_test_id("alumni-consent")).to_contain_text("参加しません")
    _depart(world, participant)
    assert not Alumnus.objects.exists()

    page.goto("/")
    _alumni(page)
    expect(page.get_by_test_id("my-network")).to_have_count(0)
    page.get_by_test_id("join-panel").get_by_role("link", name="経験者ネットワークに登録する").click()
    expect(page).to_have_url(re.compile(r"/alumni/join/$"))
    placements = page.get_by_test_id("placements")
    expect(placements.locator("tbody tr")).to_have_count(1)
    expect(placements.locator("tbody tr th")).to_have_text("千代田区")
    expect(placements.locator("tbody tr td").first).to_contain_text("ALT")
    expect(page.get_by_test_id("consent-wording")).to_contain_text("この同意はいつでも撤回でき")
    page.get_by_role("button", name="同意して登録する").click()

    expect(page).to_have_url(re.compile(r"/alumni/me/$"))
    expect(page.locator(".messages")).to_contain_text("JETプログラム経験者ネットワークへようこそ")
    expect(page.get_by_test_id("field-placements")).to_contain_text("千代田区")
    record = Alumnus.objects.get(person=world.people["jet"])
    assert (record.source, record.placements.get().organisation) == ("joined", world.chiyoda)
    assert "撤回" in record.consent_wording  # kept word for word, in the language it was read in
    _alumni(page)
    expect(page.get_by_test_id("join-panel")).to_have_count(0)  # one person, one record
    assert blocked == []


def test_an_officer_holds_a_chapter_event_and_writes_to_the_members(page, live_server, world, smtp_server):
    blocked = csp_violations(page)
    new_york = chapter_for(world)
    alumnus(world, "Daniel Brooks", person=world.people["alumnus"], chapter=new_york, email="dan@example.org")
    alumnus(world, "Pat Quinn", chapter=new_york, email="pat@example.org")
    alumnus(world, "Kim Sato", chapter=new_york)  # no address: not written to
    london = chapter_for(world, OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA UK"), country="GB",
                         region="europe", supported_by=None)
    alumnus(world, "Lee Park", country="GB", chapter=london, email="lee@example.org")  # another chapter's
    starts = timezone.localtime() + timedelta(days=14)

    # New York's officer finds the chapter from the header and holds an event for it.
    _as(page, live_server, world.people["chapter_officer"])
    page.goto("/")
    _alumni(page)
    page.locator("main").get_by_role("link", name="JETAA支部", exact=True).click()
    expect(page).to_have_url(re.compile(r"/alumni/chapters/$"))
    page.locator("main").get_by_role("link", name="JETAA New York").click()
    expect(page).to_have_url(re.compile(re.escape(new_york.get_absolute_url()) + "$"))
    expect(page.get_by_test_id("health").locator("dd").first).to_have_text("3")
    expect(page.get_by_test_id("health").locator("dd").nth(2)).to_have_text("0")  # no event yet this year
    page.get_by_role("link", name="イベントを開催する").click()
    expect(page).to_have_url(re.compile(reverse("events:create") + rf"\?organiser={new_york.pk}$"))
    expect(page.locator("#id_organiser option:checked")).to_have_text("JETAA New York")  # the chapter, chosen
    page.select_option("#id_kind", "seminar")
    page.select_option("#id_format", "on_site")
    page.fill("#id_title", "JETAAニューヨーク 年末交流会")
    page.fill("#id_title_en", "JETAA New York year-end gathering")
    page.fill("#id_venue_name", "Japan Society")
    page.fill("#id_venue_timezone", "America/New_York")
    page.fill("#id_country", "US")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT18:00"))
    page.fill("#id_ends_at", starts.strftime("%Y-%m-%dT21:00"))
    page.check("#id_is_published")
    page.get_by_role("button", name="保存").click()
    event = Event.objects.get(title="JETAAニューヨーク 年末交流会")
    expect(page).to_have_url(re.compile(re.escape(event.get_absolute_url()) + "$"))
    assert (event.organiser, event.created_by, event.venue_timezone) == (
        world.jetaa, world.people["chapter_officer"], "America/New_York")
    page.goto(new_york.get_absolute_url())
    expect(page.get_by_test_id("health").locator("dd").nth(2)).to_have_text("1")  # the chapter's event counts

    # They write to the members: an empty subject is refused beside its field, and nothing is sent.
    page.get_by_role("link", name="会員にメールを送る").click()
    expect(page).to_have_url(re.compile(reverse("alumni:chapter_mail", args=[new_york.pk]) + "$"))
    send = page.get_by_test_id("send")
    expect(send).to_have_text("2人に送信する")  # Daniel and Pat have addresses; Kim has none
    page.fill("#id_body", "12月18日の年末交流会にぜひお越しください。")
    send.click()
    expect(page.locator("#id_subject_error")).to_be_visible()
    expect(page.locator(".field--error #id_subject")).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_contain_text("件名")
    expect(page.locator("#id_body")).to_have_value("12月18日の年末交流会にぜひお越しください。")  # kept
    assert smtp_server.messages == []

    page.fill("#id_subject", "年末交流会のご案内")
    send.click()
    expect(page).to_have_url(re.compile(re.escape(new_york.get_absolute_url()) + "$"))
    expect(page.locator(".messages")).to_contain_text("2人に送信しました。")
    assert sorted(tuple(m["to"]) for m in smtp_server.messages) == [("dan@example.org",), ("pat@example.org",)]
    mails = {sent["to"][0]: sent["message"] for sent in smtp_server.messages}
    for to, mail in mails.items():  # one mail each: no member sees another's address
        assert (mail["to"], mail["cc"]) == (to, None)
        assert "年末交流会のご案内" in mail["subject"] and "JETAA New York" in mail["subject"]
        assert "年末交流会にぜひお越しください" in mail.get_content()
    # in the member's language: Daniel's account is in Japanese; Pat, without an account, reads English
    assert "支部の各会員に送信しました" in mails["dan@example.org"].get_content()
    assert "to each member of the chapter" in mails["pat@example.org"].get_content()
    assert blocked == []


def _employer(page, choice: str):
    """Daniel sets his employer and who sees it on his own profile page."""
    page.goto("/alumni/")
    page.get_by_test_id("my-network").get_by_role("link", name="プロフィールと公開範囲").click()
    expect(page).to_have_url(re.compile(r"/alumni/me/$"))
    form = page.get_by_test_id("profile-form")
    form.locator("#id_employer").fill(EMPLOYER)
    form.locator("#id_employer_visibility").get_by_label(choice, exact=True).check()
    form.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("プロフィールを保存しました。")


def test_daniel_hides_his_employer_and_it_disappears_for_the_other_alumni(page, live_server, world):
    blocked = csp_violations(page)
    new_york = chapter_for(world)
    daniel = alumnus(world, "Daniel Brooks", person=world.people["alumnus"], chapter=new_york)
    london = chapter_for(world, OrganisationFactory(kind=OrgKind.JETAA_CHAPTER, name="JETAA UK"), country="GB",
                         region="europe", supported_by=None)
    lee = UserFactory(email="lee@example.org", full_name="Lee Park")
    alumnus(world, "Lee Park", person=lee, country="GB", chapter=london)
    # Sam shows a JETRO employer to all alumni: every search below finds someone, so an empty list is no accident.
    alumnus(world, "Sam Ortiz", chapter=london, employer="JETRO London", employer_visibility="alumni")
    profile = daniel.get_absolute_url()

    _as(page, live_server, world.people["alumnus"])
    _employer(page, "すべての経験者")
    expect(page.get_by_test_id("field-employer")).to_have_text(EMPLOYER)

    # Lee, an alumnus of another chapter, sees the employer and finds Daniel by it in the directory.
    _as(page, live_server, lee)
    page.goto(profile)
    expect(page.get_by_role("heading", level=1)).to_have_text("Daniel Brooks")
    expect(page.get_by_test_id("field-employer")).to_have_text(EMPLOYER)
    page.goto("/")
    _alumni(page)
    page.get_by_role("link", name="経験者を探す").click()
    expect(page).to_have_url(re.compile(r"/alumni/directory/$"))
    page.get_by_test_id("directory-form").locator("#id_employer").fill("jetro")
    page.get_by_role("button", name="検索").click()
    expect(page).to_have_url(re.compile(r"/alumni/directory/\?.*employer=jetro"))
    by_employer = page.url
    found = page.get_by_test_id("directory")
    expect(page.get_by_test_id("directory-count")).to_have_text("2人")
    expect(found.locator("tbody tr").filter(has_text="Daniel Brooks")).to_contain_text(EMPLOYER)
    expect(found.get_by_role("link", name="Sam Ortiz")).to_be_visible()

    # Daniel narrows it to CLAIR only; he still sees it himself.
    _as(page, live_server, world.people["alumnus"])
    _employer(page, "クレアのみ")
    expect(page.locator("#id_employer_visibility").get_by_label("クレアのみ", exact=True)).to_be_checked()
    expect(page.get_by_test_id("field-employer")).to_have_text(EMPLOYER)

    # Lee no longer sees it on the profile, nor finds Daniel by it; by name, the directory says "not shown".
    _as(page, live_server, lee)
    page.goto(profile)
    expect(page.get_by_role("heading", level=1)).to_have_text("Daniel Brooks")
    expect(page.get_by_test_id("field-employer")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(EMPLOYER)
    page.goto(by_employer)
    expect(page.locator("#id_employer")).to_have_value("jetro")
    expect(page.get_by_test_id("directory-count")).to_have_text("1人")
    expect(found.get_by_role("link", name="Sam Ortiz")).to_be_visible()
    expect(found.get_by_role("link", name="Daniel Brooks")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(EMPLOYER)
    page.goto("/alumni/directory/?name=daniel")
    row = found.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row.locator("th")).to_have_text("Daniel Brooks")
    expect(row.locator("td").nth(2)).to_have_text("非公開")
    expect(page.locator("main")).not_to_contain_text(EMPLOYER)
    page.goto("/alumni/directory/?country=US")
    expect(page.get_by_test_id("directory-count")).to_have_text("2人")  # Daniel and Sam

    # CLAIR's staff still see it, and find him by it.
    _as(page, live_server, world.people["hq_staff"])
    page.goto(profile)
    expect(page.get_by_test_id("field-employer")).to_have_text(EMPLOYER)
    page.goto(by_employer)
    expect(page.get_by_test_id("directory-count")).to_have_text("2人")
    expect(found.locator("tbody tr").filter(has_text="Daniel Brooks")).to_contain_text(EMPLOYER)

    # Daniel withdraws his consent, which asks first: his profile is gone for Lee, from the directory too.
    _as(page, live_server, world.people["alumnus"])
    page.goto("/alumni/me/")
    withdraw = page.locator("details.confirm[data-testid=withdraw]")
    expect(withdraw.locator("summary")).to_have_text("同意を撤回する")
    expect(withdraw.get_by_role("button", name="同意を撤回する")).to_be_hidden()  # behind the disclosure
    withdraw.locator("summary").click()
    expect(withdraw).to_contain_text("プロフィールは直ちに全員から非表示になります。")
    withdraw.get_by_role("button", name="同意を撤回する").click()
    expect(page).to_have_url(re.compile(r"/alumni/me/$"))
    expect(page.locator(".messages")).to_contain_text("同意を撤回しました。")
    expect(page.get_by_test_id("hidden-notice")).to_be_visible()
    assert Alumnus.objects.get(pk=daniel.pk).status == "withdrawn"

    _as(page, live_server, lee)
    assert page.goto(profile).status == 404
    page.goto("/alumni/directory/?country=US")
    expect(page.get_by_test_id("directory-count")).to_have_text("1人")  # Sam alone
    expect(found.get_by_role("link", name="Sam Ortiz")).to_be_visible()
    expect(found.get_by_role("link", name="Daniel Brooks")).to_have_count(0)
    assert blocked == []


def test_the_directory_fits_a_phone(browser, live_server, world):
    new_york = chapter_for(world)
    alumnus(world, "Daniel Brooks", person=world.people["alumnus"], chapter=new_york, employer=EMPLOYER,
            employer_visibility="alumni", placements_visibility="alumni")
    alumnus(world, "Pat Quinn", chapter=new_york, employer="Sony Music Entertainment (Japan) Inc.",
            employer_visibility="alumni", placements_visibility="alumni")
    phone = browser.new_context(base_url=live_server.url, locale="ja-JP", viewport=PHONE, is_mobile=True)
    try:
        page = phone.new_page()
        blocked = csp_violations(page)
        log_in_with_session(page, live_server, world.people["alumnus"])
        page.goto(f"/alumni/directory/?chapter={new_york.pk}")
        expect(page.get_by_test_id("directory").locator("tbody tr")).to_have_count(2)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        assert blocked == []
    finally:
        phone.close()
