"""The one calendar-file writer (kizuna.core.calendars): read back with icalendar, line by line per RFC 5545."""

from datetime import UTC, date, datetime, timedelta, timezone
from itertools import takewhile

import pytest
from icalendar import Calendar

from kizuna.core.calendars import CalendarEvent, calendar_file

JST = timezone(timedelta(hours=9))
LONG_TITLE = "令和8年度 多文化共生地域づくり研修会（東北ブロック）第2回 外国人住民への災害情報伝達"


def _item(**fields) -> CalendarEvent:
    base = {"uid": "event-1@kizuna", "starts": datetime(2026, 6, 1, 10, 0, tzinfo=JST),
            "ends": datetime(2026, 6, 1, 12, 0, tzinfo=JST), "summary": "研修",
            "stamp": datetime(2026, 5, 1, 0, 0, tzinfo=UTC)}
    return CalendarEvent(**{**base, **fields})


def _only_event(content: bytes):
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    return vevent


def test_calendar_file_heads_the_calendar_with_prodid_version_and_method():
    calendar = Calendar.from_ical(calendar_file([_item()], prodid="-//CLAIR//Test//JA", method="REQUEST"))
    assert (str(calendar["PRODID"]), str(calendar["VERSION"]), str(calendar["METHOD"])) == (
        "-//CLAIR//Test//JA", "2.0", "REQUEST")


def test_calendar_file_writes_every_field_of_an_event():
    content = calendar_file([_item(description="説明", location="都市センターホテル", url="https://kizuna.example.jp/e/1",
                                   organizer_name="クレア本部", organizer_email="events@example.jp")],
                            prodid="-//CLAIR//Test//JA")
    vevent = _only_event(content)
    assert (str(vevent["UID"]), str(vevent["SUMMARY"]), str(vevent["DESCRIPTION"]), str(vevent["LOCATION"]),
            str(vevent["URL"])) == ("event-1@kizuna", "研修", "説明", "都市センターホテル", "https://kizuna.example.jp/e/1")
    assert (str(vevent["ORGANIZER"]), vevent["ORGANIZER"].params["CN"]) == ("mailto:events@example.jp", "クレア本部")
    assert vevent.decoded("DTSTAMP") == datetime(2026, 5, 1, 0, 0, tzinfo=UTC)


def test_calendar_file_writes_times_in_utc():
    content = calendar_file([_item()], prodid="-//CLAIR//Test//JA")
    vevent = _only_event(content)
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (
        datetime(2026, 6, 1, 1, 0, tzinfo=UTC), datetime(2026, 6, 1, 3, 0, tzinfo=UTC))
    assert b"\r\nDTSTART:20260601T010000Z\r\n" in content


def test_calendar_file_writes_all_day_events_as_dates():
    content = calendar_file([_item(starts=date(2026, 12, 1), ends=date(2026, 12, 3))], prodid="-//CLAIR//Test//JA")
    vevent = _only_event(content)
    assert (vevent.decoded("DTSTART"), vevent.decoded("DTEND")) == (date(2026, 12, 1), date(2026, 12, 3))
    assert b"\r\nDTSTART;VALUE=DATE:20261201\r\n" in content


def test_calendar_file_folds_a_long_japanese_summary_within_75_octets():
    summary = LONG_TITLE * 2
    content = calendar_file([_item(summary=summary)], prodid="-//CLAIR//Test//JA")
    lines = content.split(b"\r\n")
    assert (len(f"SUMMARY:{summary}".encode()) > 75, max(len(line) for line in lines) <= 75) == (True, True)
    assert (content.endswith(b"\r\n"), b"\n" in content.replace(b"\r\n", b"")) == (True, False)
    start = lines.index(next(line for line in lines if line.startswith(b"SUMMARY:")))
    physical = [lines[start], *takewhile(lambda line: line.startswith(b" "), lines[start + 1:])]
    # Each physical line decodes on its own: no UTF-8 character is split across two lines.
    unfolded = "".join(line.decode("utf-8")[1 if i else 0:] for i, line in enumerate(physical))
    assert (unfolded, str(_only_event(content)["SUMMARY"])) == (f"SUMMARY:{summary}", summary)


def test_calendar_file_escapes_commas_semicolons_and_newlines():
    text = "会場: 東京, 千代田区; 2階\n受付は9時\\から"
    content = calendar_file([_item(summary=text, description=text, location=text, organizer_name="クレア, 本部; 東京",
                                   organizer_email="events@example.jp")], prodid="-//CLAIR//Test//JA", name=text)
    vevent = _only_event(content)
    assert (str(vevent["SUMMARY"]), str(vevent["DESCRIPTION"]), str(vevent["LOCATION"])) == (text, text, text)
    assert vevent["ORGANIZER"].params["CN"] == "クレア, 本部; 東京"
    assert "東京\\, 千代田区\\; 2階\\n受付は9時\\\\から" in content.decode("utf-8").replace("\r\n ", "")


def test_calendar_file_leaves_out_empty_fields():
    vevent = _only_event(calendar_file([_item()], prodid="-//CLAIR//Test//JA"))
    assert [name for name in ("DESCRIPTION", "LOCATION", "URL", "ORGANIZER") if name in vevent] == []


def test_calendar_file_refuses_a_naive_time():
    with pytest.raises(ValueError):
        calendar_file([_item(starts=datetime(2026, 6, 1, 10, 0))], prodid="-//CLAIR//Test//JA")
