"""The .ics files (RFC 5545: CRLF, escaping, folding) and the open-data CSV."""

import csv
import io
from datetime import UTC, datetime

from icalendar import Calendar

from kizuna.events import ical, opendata, queries

from .factories import EventFactory


def test_calendar_escapes_text_specials(world):
    event = EventFactory(organiser=world.hq, title="a,b;c\\d", title_en="", description="一行目\n二行目, 三")
    content = ical.calendar([event])
    vevent = Calendar.from_ical(content).walk("VEVENT")[0]
    assert (str(vevent["SUMMARY"]), str(vevent["DESCRIPTION"])) == ("a,b;c\\d", "一行目\n二行目, 三")
    assert "SUMMARY:a\\,b\\;c\\\\d\r\n" in content.decode("utf-8")


def test_calendar_folds_a_long_japanese_title_within_75_octets(world):
    event = EventFactory(organiser=world.hq, title="多文化共生" * 12, title_en="")
    content = ical.calendar([event])
    assert max(len(line) for line in content.split(b"\r\n")) <= 75
    assert str(Calendar.from_ical(content).walk("VEVENT")[0]["SUMMARY"]) == "多文化共生" * 12


def test_calendar_uses_crlf_and_utc_times(world):
    event = EventFactory(organiser=world.hq, title="研修, 第1回; 東京",
                         starts_at=datetime(2026, 6, 1, 1, 0, tzinfo=UTC),
                         ends_at=datetime(2026, 6, 1, 3, 0, tzinfo=UTC),
                         closes_at=None)
    text = ical.calendar([event]).decode("utf-8")
    lines = text.split("\r\n")
    assert (lines[0], lines[-2], text.count("\n"), text.count("\r\n")) == (
        "BEGIN:VCALENDAR", "END:VCALENDAR", text.count("\r\n"), len(lines) - 1)
    assert "DTSTART:20260601T010000Z" in lines
    assert "SUMMARY:研修\\, 第1回\\; 東京 / " + event.title_en in text.replace("\r\n ", "")


def test_calendar_hides_online_link_unless_asked(world):
    event = EventFactory(organiser=world.hq, online_url="https://meet.example.jp/secret")
    assert ("secret" in ical.calendar([event]).decode(), "secret" in ical.calendar([event], with_link=True)
            .decode().replace("\r\n ", "")) == (False, True)


def test_event_ics_page_answers_calendar(world, event):
    response = world.client_for("anonymous").get(f"/events/{event.pk}/event.ics")
    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")


def test_event_ics_for_private_event_is_refused(world):
    event = EventFactory(organiser=world.hq, is_public=False)
    assert world.client_for("hq_staff").get(f"/events/{event.pk}/event.ics").status_code == 404


def test_feed_follows_the_filters(world):
    EventFactory(organiser=world.hq, format="online", title="オンライン")
    EventFactory(organiser=world.hq, format="on_site", title="会場")
    EventFactory(organiser=world.hq, format="online", title="非公開", is_public=False)
    body = world.client_for("anonymous").get("/events/feed.ics?format=online").content.decode()
    assert (body.count("BEGIN:VEVENT"), "オンライン" in body) == (1, True)


# The header of イベント一覧 (自治体標準オープンデータセット, デジタル庁), written out here by hand from the item
# definition (see kizuna/events/opendata.py for the source): the test fails if the code drifts from it.
STANDARD_HEADER = (
    "全国地方公共団体コード,ID,地方公共団体名,イベント名,イベント名_カナ,イベント名_英語,開始日,終了日,開始時間,"
    "終了時間,開始日時特記事項,説明,料金(基本),料金(詳細),連絡先名称,連絡先電話番号,連絡先内線番号,主催者,"
    "場所名称,住所,方書,緯度,経度,アクセス方法,駐車場情報,定員,参加申込終了日,参加申込終了時間,参加申込方法,URL,備考"
)


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_open_data_csv_has_the_standard_header(world):
    EventFactory(organiser=world.hq)
    response = world.client_for("anonymous").get("/events/event.csv")
    rows = _rows(response.content)
    assert (rows[0], len(rows[1])) == (STANDARD_HEADER.split(","), 31)
    assert response.content.startswith("\ufeff".encode()) and response.content.count(b"\r\n") == 2


def test_open_data_csv_values_follow_the_formats_of_the_definition(world):
    EventFactory(organiser=world.hq, title="国際セミナー", title_kana="コクサイセミナー", title_en="Seminar",
                 capacity=30, fee=0, venue_name="都市センターホテル",
                 starts_at=datetime(2026, 7, 1, 5, 0, tzinfo=UTC), ends_at=datetime(2026, 7, 1, 7, 0, tzinfo=UTC),
                 closes_at=datetime(2026, 6, 30, 8, 30, tzinfo=UTC))
    rows = _rows(world.client_for("anonymous").get("/events/event.csv").content)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["全国地方公共団体コード"], row["地方公共団体名"], row["イベント名_カナ"], row["イベント名_英語"]) == (
        "", opendata.PUBLISHER, "コクサイセミナー", "Seminar")
    assert (row["開始日"], row["終了日"], row["開始時間"], row["終了時間"]) == (
        "2026-07-01", "2026-07-01", "14:00", "16:00")
    assert (row["料金(基本)"], row["料金(詳細)"], row["定員"], row["場所名称"]) == (
        "0", "無料", "30", "都市センターホテル")
    assert (row["参加申込終了日"], row["参加申込終了時間"]) == ("2026-06-30", "17:30")


def test_open_data_csv_is_japanese_whatever_the_reader_language(world):
    EventFactory(organiser=world.hq, format="online", starts_at=datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
                 ends_at=datetime(2026, 7, 1, 7, 0, tzinfo=UTC))
    client = world.client_for("anonymous")
    client.cookies["django_language"] = "en"
    rows = _rows(client.get("/events/event.csv", HTTP_ACCEPT_LANGUAGE="en").content)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["場所名称"], "形式: オンライン" in row["備考"]) == ("オンライン", True)


def test_open_data_csv_gives_venue_time_for_overseas_events(world):
    EventFactory(organiser=world.nyc, country="US", venue_timezone="America/New_York",
                 starts_at=datetime(2026, 7, 1, 22, 0, tzinfo=UTC), ends_at=datetime(2026, 7, 2, 0, 0, tzinfo=UTC))
    content = opendata.events_csv(queries.public_events(queries.EventFilters(include_past=True)))
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert (rows[0]["開始日"], rows[0]["開始時間"], rows[0]["開始日時特記事項"]) == (
        "2026-07-02", "07:00", "現地時間 2026-07-01 18:00〜2026-07-01 20:00 (America/New_York)")


def test_open_data_csv_writes_text_that_looks_like_a_formula_as_text(world):
    EventFactory(organiser=world.hq, title='=HYPERLINK("https://attacker.example/","click")',
                 description="-2+3")
    rows = _rows(world.client_for("anonymous").get("/events/event.csv").content)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["イベント名"], row["説明"]) == ("'=HYPERLINK(\"https://attacker.example/\",\"click\")", "'-2+3")
