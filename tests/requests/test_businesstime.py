from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kizuna.requests import businesstime as bt

NY = ZoneInfo("America/New_York")
CAL = bt.Calendar(timezone="America/New_York", holidays=frozenset({date(2026, 11, 26)}))  # Thanksgiving
HOUR = 3600


def ny(*args):
    return datetime(*args, tzinfo=NY)


def test_business_seconds_within_one_day_counts_the_overlap():
    assert bt.business_seconds(CAL, ny(2026, 11, 23, 8), ny(2026, 11, 23, 10)) == HOUR


def test_business_seconds_skips_weekend_and_holiday():
    # Wed 25th 17:00 → Mon 30th 9:30: half an hour on Wed, none Thu (holiday), Fri full, Sat/Sun none, Mon 0.5.
    assert bt.business_seconds(CAL, ny(2026, 11, 25, 17), ny(2026, 11, 30, 9, 30)) == HOUR + int(8.5 * HOUR)


def test_business_seconds_reversed_is_zero():
    assert bt.business_seconds(CAL, ny(2026, 11, 24, 12), ny(2026, 11, 24, 11)) == 0


def test_add_business_seconds_rolls_over_the_night_in_office_time():
    # Filed 16:30 Tuesday New York time with a one-day target: due 16:30 Wednesday.
    assert bt.add_business_seconds(CAL, ny(2026, 11, 24, 16, 30), int(8.5 * HOUR)) == ny(2026, 11, 25, 16, 30)


def test_add_business_seconds_from_a_holiday_starts_next_working_day():
    assert bt.add_business_seconds(CAL, ny(2026, 11, 26, 10), HOUR) == ny(2026, 11, 27, 10)


def test_add_business_seconds_filed_in_jst_counts_in_office_hours():
    # 10:00 JST Monday = 20:00 Sunday in New York: the clock starts Monday 9:00 New York.
    filed = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert bt.add_business_seconds(CAL, filed, HOUR) == ny(2026, 11, 23, 10)


def test_due_at_pause_pushes_the_deadline_by_the_working_time_paused():
    start = ny(2026, 11, 23, 9)
    pause = (ny(2026, 11, 23, 10), ny(2026, 11, 23, 12))
    assert bt.due_at(CAL, start, 3 * HOUR, [pause]) == ny(2026, 11, 23, 14)


def test_due_at_open_pause_stops_the_clock():
    start = ny(2026, 11, 23, 9)
    assert bt.due_at(CAL, start, 3 * HOUR, [(ny(2026, 11, 23, 10), None)]) is None


def test_due_at_pause_after_the_deadline_does_not_move_it():
    start = ny(2026, 11, 23, 9)
    assert bt.due_at(CAL, start, HOUR, [(ny(2026, 11, 23, 15), None)]) == ny(2026, 11, 23, 10)


def test_calendar_refuses_closing_before_opening():
    with pytest.raises(ValueError):
        bt.Calendar(opens=time(18), closes=time(9))


def test_for_country_uses_the_countrys_public_holidays():
    cal = bt.for_country("US", timezone="America/New_York")
    assert cal.is_working_day(date(2026, 11, 26)) is False
    assert cal.is_working_day(date(2026, 11, 25)) is True


def test_for_country_unknown_country_has_no_holidays():
    assert bt.for_country("ZZ").is_working_day(date(2026, 11, 25)) is True


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31),
                       timezones=st.just(UTC))
spans = st.integers(min_value=0, max_value=30 * 8 * HOUR)


@settings(max_examples=60, deadline=None)
@given(start=moments, seconds=spans)
def test_add_then_count_gives_back_the_seconds(start, seconds):
    assert bt.business_seconds(CAL, start, bt.add_business_seconds(CAL, start, seconds)) == seconds


@settings(max_examples=60, deadline=None)
@given(a=moments, gap1=st.integers(0, 20 * 86400), gap2=st.integers(0, 20 * 86400))
def test_business_seconds_is_additive(a, gap1, gap2):
    b, c = a + timedelta(seconds=gap1), a + timedelta(seconds=gap1 + gap2)
    assert bt.business_seconds(CAL, a, b) + bt.business_seconds(CAL, b, c) == bt.business_seconds(CAL, a, c)


@settings(max_examples=60, deadline=None)
@given(start=moments, seconds=spans, pause_at=st.integers(0, 10 * 86400), pause_len=st.integers(0, 5 * 86400))
def test_due_at_with_pause_is_never_earlier_and_counts_target_outside_pause(start, seconds, pause_at, pause_len):
    p0 = start + timedelta(seconds=pause_at)
    pause = (p0, p0 + timedelta(seconds=pause_len))
    due = bt.due_at(CAL, start, seconds, [pause])
    assert due >= bt.due_at(CAL, start, seconds)
    assert bt.elapsed(CAL, start, due, [pause]) == seconds
