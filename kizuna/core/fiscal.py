"""Fiscal years (April to March) and their Reiwa names: FY2026 = 令和8年度 = 1 April 2026 – 31 March 2027."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import get_language

REIWA_START = 2019  # 令和元年


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def fiscal_year_bounds(year: int) -> tuple[date, date]:
    return date(year, 4, 1), date(year + 1, 3, 31)


def fiscal_quarter(day: date) -> int:
    """Q1 = April–June … Q4 = January–March."""
    return ((day.month - 4) % 12) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start_month = 4 + (quarter - 1) * 3
    start_year = year if start_month <= 12 else year + 1
    start_month = (start_month - 1) % 12 + 1
    end_month = start_month + 2

    return date(start_year, start_month, 1), date(start_year, end_month, monthrange(start_year, end_month)[1])


def reiwa_label(year: int) -> str:
    n = year - REIWA_START + 1
    return f"令和{'元' if n == 1 else n}年度"


# The Japanese eras a date of Kizuna's records can fall in: (first day, name), newest first.
ERAS = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"))


def reiwa_date(day: date) -> str:
    """A date as official Japanese letters write it: 令和8年12月3日 (令和元年 for its first year; 平成 before
    1 May 2019)."""
    if isinstance(day, datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    for start, era in ERAS:
        if day >= start:
            n = day.year - start.year + 1
            return f"{era}{'元' if n == 1 else n}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class FiscalYearLabel:
    year: int

    @property
    def reiwa(self) -> str:
        return reiwa_label(self.year)

    @property
    def western(self) -> str:
        return f"FY{self.year}"

    def __str__(self) -> str:
        if (get_language() or "ja").startswith("en"):
            return f"FY{self.year} ({self.reiwa})"
        return f"{self.reiwa}（{self.year}年度）"  # "FY" is no word on a Japanese page
