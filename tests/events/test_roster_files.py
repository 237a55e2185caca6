"""The roster out of Kizuna: Excel and CSV with every registration and its answers, the printed list, name badges
and table cards with the check-in QR code (PDFs read back), for the organisers only."""

import csv
import io
import re
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.factories import UserFactory

from .factories import EventFactory, RegistrationFactory, SessionFactory


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return out.decode()


def _pages(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture
def event(world):
    event = EventFactory(organiser=world.hq, title="多文化共生セミナー", venue_name="クレア会議室",
                         questions=[{"key": "diet", "label": "食事の配慮", "required": False},
                                    {"key": "=cmd", "label": "=HYPERLINK(\"x\")", "required": False}])
    session = SessionFactory(event=event, title="分科会A")
    sato = RegistrationFactory(event=event, person=UserFactory(full_name="佐藤 花子", full_name_kana="さとう はなこ",
                                                               email="sato@example.jp"),
                               organisation=world.chiyoda, answers={"diet": "ベジタリアン", "=cmd": "=1+1"})
    sato.sessions.add(session)
    RegistrationFactory(event=event, person=UserFactory(full_name="Maximilian Alexander von Hohenberg",
                                                        email="max@example.de"))
    RegistrationFactory(event=event, person=UserFactory(full_name="取消 太郎", email="gone@example.jp"),
                        status="cancelled")
    return event


def test_the_excel_roster_has_every_registration_its_state_and_answers_safe_to_open(world, event):
    response = world.client_for("hq_staff").get(f"/events/{event.pk}/roster.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[-2:] == ["食事の配慮", "'=HYPERLINK(\"x\")"]
    by_email = {row[3]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_email) == {"sato@example.jp", "max@example.de", "gone@example.jp"}
    sato = by_email["sato@example.jp"]
    assert (sato["食事の配慮"], sato["'=HYPERLINK(\"x\")"], sato[header[1]], sato[header[2]]) == (
        "ベジタリアン", "'=1+1", "佐藤 花子", "さとう はなこ")
    assert "分科会A" in sato[header[7]] and world.chiyoda.name in sato[header[4]]
    assert by_email["gone@example.jp"][header[5]] != sato[header[5]]  # cancelled / confirmed


def test_the_csv_roster_is_the_same_list_streamed_and_reads_as_many_queries_for_many(world, event):
    client = world.client_for("hq_staff")
    response = client.get(f"/events/{event.pk}/roster.csv")
    assert response.status_code == 200 and response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4 and rows[1][1] == "佐藤 花子" and rows[1][-2] == "ベジタリアン"
    with CaptureQueriesContext(connection) as few:
        b"".join(client.get(f"/events/{event.pk}/roster.csv").streaming_content)
    for n in range(20):
        RegistrationFactory(event=event, person=UserFactory(email=f"p{n}@example.jp"))
    with CaptureQueriesContext(connection) as many:
        b"".join(client.get(f"/events/{event.pk}/roster.csv").streaming_content)
    assert len(many) == len(few)


def test_the_printed_list_badges_and_table_cards_are_pdfs_of_those_holding_a_seat(world, event):
    client = world.client_for("hq_staff")
    listed = client.get(f"/events/{event.pk}/roster.pdf")
    assert listed["Content-Type"] == "application/pdf"
    text = _text(listed.content)
    assert "佐藤 花子" in text and "多文化共生セミナー" in text and "取消 太郎" in text  # every registration

    badges = client.get(f"/events/{event.pk}/badges.pdf").content
    text = _text(badges)
    assert "佐藤 花子" in text and "Maximilian" in text and "取消" not in text  # seats only
    assert _pages(badges) == 1

    cards = client.get(f"/events/{event.pk}/table-cards.pdf").content
    assert _pages(cards) == 2  # a card for each of the two holding a seat
    assert "取消" not in _text(cards)


def test_the_badge_carries_the_registrations_check_in_code_as_a_qr_code(world, event):
    from kizuna.events import roster

    cards = roster._cards(event)
    codes = {c.registration.code for c in cards}
    assert len(cards) == 2 and all(c.qr.startswith("data:image/svg+xml") for c in cards)
    assert codes == set(event.registrations.filter(status="confirmed").values_list("code", flat=True))


@pytest.mark.parametrize("role", ["municipality_staff", "jet", "anonymous"])
def test_only_the_organisers_get_the_roster_files(world, event, role):
    client = world.client_for(role)
    for name in ("roster.xlsx", "roster.csv", "roster.pdf", "badges.pdf", "table-cards.pdf"):
        assert client.get(f"/events/{event.pk}/{name}").status_code in (302, 403, 404)


def test_the_roster_in_the_api_gives_each_registration_with_its_answers(world, event):
    response = world.client_for("hq_staff").get(f"/api/v1/events/events/{event.pk}/roster")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    sato = next(r for r in data["items"] if r["email"] == "sato@example.jp")
    assert (sato["name"], sato["name_kana"], sato["sessions"], sato["answers"]["diet"], sato["organisation_id"]) == (
        "佐藤 花子", "さとう はなこ", ["分科会A"], "ベジタリアン", world.chiyoda.pk)
    assert world.client_for("municipality_staff").get(
        f"/api/v1/events/events/{event.pk}/roster").status_code in (403, 404)


def test_a_co_organiser_is_shown_on_the_event_and_its_staff_see_the_roster_until_removed(world, event):
    from tests.audit_helpers import entries_of

    organiser, partner = world.client_for("hq_staff"), world.client_for("prefecture_staff")
    assert partner.get(f"/events/{event.pk}/roster/").status_code in (403, 404)
    refused = organiser.post(f"/events/{event.pk}/co-organisers/", {"organisation": "存在しない団体"})
    assert refused.status_code == 400 and "organisation" in refused.context["form"].errors
    added = organiser.post(f"/events/{event.pk}/co-organisers/", {"organisation": world.tokyo.name})
    assert added.status_code == 302 and list(event.co_organisers.all()) == [world.tokyo]
    assert entries_of(event, "events.event.co_organise")[-1].changes_dict["co_organisers"] == [[], [world.tokyo.pk]]

    page = world.client_for("anonymous").get(f"/events/{event.pk}/").content.decode()
    assert 'data-testid="co-organisers"' in page and world.tokyo.display_name in page
    roster_page = partner.get(f"/events/{event.pk}/roster/")
    sato = event.registrations.get(person__email="sato@example.jp")
    assert roster_page.status_code == 200 and "佐藤 花子" in roster_page.content.decode()
    assert sato.get_absolute_url() not in roster_page.content.decode()  # names, not the registrations
    assert partner.get(sato.get_absolute_url()).status_code == 404
    assert partner.get(f"/events/{event.pk}/roster.xlsx").status_code == 200
    assert partner.get(f"/api/v1/events/events/{event.pk}/roster").json()["count"] == 3
    assert partner.get(f"/events/{event.pk}/co-organisers/").status_code in (403, 404)  # not theirs to manage

    organiser.post(f"/events/{event.pk}/co-organisers/", {"remove": str(world.tokyo.pk)})
    assert not event.co_organisers.exists()
    assert partner.get(f"/events/{event.pk}/roster/").status_code in (403, 404)


def test_the_roster_page_opens_with_its_registrations_by_state_drawn_with_the_table_behind(world, event):
    from django.utils import timezone

    from tests.factories import arrange_update

    arrange_update(event.registrations.filter(person__email="max@example.de"), checked_in_at=timezone.now())
    for language, rows in (("ja", [("確定", "2"), ("取消", "1"), ("受付済み", "1")]),
                           ("en", [("Confirmed", "2"), ("Cancelled", "1"), ("Checked in", "1")])):
        page = world.client_for("hq_staff").get(f"/events/{event.pk}/roster/", HTTP_ACCEPT_LANGUAGE=language)
        html = page.content.decode()
        chart = html[html.index('data-testid="chart-registrations"'):html.index("</figure>")]
        bar = r'<th scope="row">(.*?)</th><td><svg class="bar"[^>]*><rect width="([\d.]+)%".*?</svg> (\d+)'
        drawn = re.findall(bar, chart)
        assert [(label, n) for label, _width, n in drawn] == rows
        assert [float(width) for _label, width, _n in drawn] == [100.0, 50.0, 50.0]
        assert html.count('class="tag tag--') >= 3  # each registration's state as a tag
