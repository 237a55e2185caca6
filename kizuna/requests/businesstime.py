"""Business time: how much of an office's working time lies between two moments, and when a target ends.

Pure functions over aware datetimes; no database. An office works `opens`–`closes` local time on its
working weekdays, except on its country's public holidays. Time spent waiting for the requester
(`pauses`) does not count.
"""

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

MAX_DAYS = 3660  # a target never runs longer than ten years; past that something is wrong


@dataclass(frozen=True)
class Calendar:
    timezone: str = "Asia/Tokyo"
    opens: time = time(9, 0)
    closes: time = time(17, 30)
    weekdays: frozenset = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    holidays: Container = field(default_factory=frozenset)
    # Room for callers to keep results computed with this calendar (sla keeps due moments); not compared.
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        if self.closes <= self.opens:
            raise ValueError("An office must close after it opens.")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The working hours of `day` as aware datetimes, or None on a day off."""
        if not self.is_working_day(day):
            return None
        return datetime.combine(day, self.opens, self.zone), datetime.combine(day, self.closes, self.zone)


@lru_cache(maxsize=64)
def public_holidays(country: str) -> Container:
    """The public holidays of `country` (ISO 3166-1 alpha-2) from the `holidays` package, kept per process
    (the years around today computed at once, any other year when first asked)."""
    import holidays  # heavy: loaded only when it is needed

    this_year = date.today().year
    try:
        return holidays.country_holidays(country, years=range(this_year - 2, this_year + 3)) if country \
            else frozenset()
    except NotImplementedError:
        return frozenset()


def supported_countries() -> list[str]:
    """The countries whose public holidays the `holidays` package knows."""
    import holidays  # heavy: loaded only when it is needed

    return list(holidays.list_supported_countries())


def has_public_holidays(country: str) -> bool:
    return country.upper() in supported_countries()


def for_country(country: str, **kwargs) -> Calendar:
    """A calendar with the public holidays of `country`."""
    return Calendar(holidays=public_holidays(country), **kwargs)


def _whole(moment: datetime) -> datetime:
    """Working time is counted in whole seconds."""
    return moment.replace(microsecond=0)


def _days(start: datetime, calendar: Calendar):
    day = start.astimezone(calendar.zone).date()
    for _ in range(MAX_DAYS):
        yield day
        day += timedelta(days=1)


def business_seconds(calendar: Calendar, start: datetime, end: datetime) -> int:
    """Working seconds between `start` and `end` (0 when end <= start)."""
    start, end = _whole(start), _whole(end)
    if end <= start:
        return 0
    total = 0
    for day in _days(start, calendar):
        window = calendar.window(day)
        if window is not None:
            a, b = max(window[0], start), min(window[1], end)
            if b > a:
                total += int((b - a).total_seconds())
        if datetime.combine(day + timedelta(days=1), time(0), calendar.zone) >= end:
            break
    return total


def add_business_seconds(calendar: Calendar, start: datetime, seconds: int) -> datetime:
    """The moment when `seconds` of working time have passed after `start`."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    start = _whole(start)
    if seconds == 0:
        return start
    remaining = seconds
    for day in _days(start, calendar):
        window = calendar.window(day)
        if window is None:
            continue
        a = max(window[0], start)
        available = int((window[1] - a).total_seconds())
        if available <= 0:
            continue
        if remaining <= available:
            return a + timedelta(seconds=remaining)
        remaining -= available
    raise ValueError("The target is too far away.")


def due_at(calendar: Calendar, start: datetime, target_seconds: int,
           pauses: Iterable[tuple[datetime, datetime | None]] = ()) -> datetime | None:
    """When a target of `target_seconds` working time that started at `start` ends, the clock stopping
    during `pauses` (start, end; end None while still paused). None while the clock is stopped and the
    target not yet reached."""
    remaining = target_seconds
    cursor = start
    for pause_start, pause_end in sorted(pauses, key=lambda p: p[0]):
        if pause_end is not None and pause_end <= cursor:
            continue
        pause_start = max(pause_start, cursor)
        spent = business_seconds(calendar, cursor, pause_start)
        if spent >= remaining:
            return add_business_seconds(calendar, cursor, remaining)
        remaining -= spent
        if pause_end is None:
            return None
        cursor = pause_end
    return add_business_seconds(calendar, cursor, remaining)


def elapsed(calendar: Calendar, start: datetime, end: datetime,
            pauses: Iterable[tuple[datetime, datetime | None]] = ()) -> int:
    """Working seconds between start and end, less the working time inside pauses."""
    total = business_seconds(calendar, start, end)
    for pause_start, pause_end in pauses:
        a, b = max(pause_start, start), min(pause_end or end, end)
        total -= business_seconds(calendar, a, b)
    return max(total, 0)
