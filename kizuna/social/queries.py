"""Reads of the social-media calendar reused by the pages, the API and the KPIs."""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from kizuna.core.models import Organisation

from .enums import HOLDER_KINDS
from .models import Account, AccountFigure, Post

VIEWS = ("month", "week")


@dataclass
class Day:
    day: date
    posts: list = field(default_factory=list)
    in_period: bool = True


@dataclass
class Calendar:
    view: str
    day: date
    start: date
    end: date
    weeks: list  # of lists of Day
    previous: date
    following: date


def _bounds(view: str, day: date) -> tuple[date, date, date, date]:
    """The first and last day shown, and the days the previous and next pages start from."""
    if view == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6), start - timedelta(days=7), start + timedelta(days=7)
    first = day.replace(day=1)
    last = first.replace(day=pycalendar.monthrange(first.year, first.month)[1])
    previous = (first - timedelta(days=1)).replace(day=1)
    return first, last, previous, last + timedelta(days=1)


def posts(user, *, office: Organisation | None = None, account: Account | None = None):
    qs = Post.objects.visible_to(user).select_related("account__holder", "featured")
    if office is not None:
        qs = qs.filter(account__holder=office)
    if account is not None:
        qs = qs.filter(account=account)
    return qs


def calendar(user, *, view: str, day: date, office=None, account=None) -> Calendar:
    """The posts of a month (weeks from Monday, with the days of the months around it) or of a week, by the
    day they are planned for in the current time zone."""
    start, end, previous, following = _bounds(view, day)
    shown_start = start - timedelta(days=start.weekday())
    shown_end = end + timedelta(days=6 - end.weekday())
    zone = timezone.get_current_timezone()
    found = posts(user, office=office, account=account).filter(
        planned_at__gte=timezone.make_aware(datetime.combine(shown_start, time.min), zone),
        planned_at__lte=timezone.make_aware(datetime.combine(shown_end, time.max), zone)).order_by("planned_at", "pk")
    by_day: dict = {}
    for post in found:
        by_day.setdefault(timezone.localtime(post.planned_at, zone).date(), []).append(post)
    days, current = [], shown_start
    while current <= shown_end:
        days.append(Day(current, by_day.get(current, []), start <= current <= end))
        current += timedelta(days=1)
    weeks = [days[i:i + 7] for i in range(0, len(days), 7)]
    return Calendar(view, day, start, end, weeks, previous, following)


def holders():
    """Headquarters and the offices, for the calendar's filter."""
    return Organisation.objects.filter(kind__in=HOLDER_KINDS, is_active=True).order_by("kind", "name")


def with_followers(accounts):
    """Accounts with their latest follower figure and its month (`latest_followers`, `latest_month`)."""
    latest = AccountFigure.objects.filter(account=OuterRef("pk")).order_by("-month")
    return accounts.annotate(latest_followers=Subquery(latest.values("followers")[:1]),
                             latest_month=Subquery(latest.values("month")[:1]))
