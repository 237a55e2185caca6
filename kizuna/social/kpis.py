"""The plan's social-media KPIs, counted from the calendar.

- `social.posts`: posts posted in the period (by when they went out), CLAIR as a whole or one office's accounts;
  `social.posts.<office>` (hq, nyc, lon, par, sin, sel, syd, bej): the posts of that holder's accounts whatever
  organisation the dashboard shows.
- `social.posts.featuring_local_governments`: posts of headquarters' accounts that feature a local government
  (programme 1-5, CLAIR's accounts as a platform for local governments' news).
- `social.followers.<holder>` and `social.followers.<holder>.<platform>`: the followers of the holder's accounts
  (of one platform), each account's latest monthly figure in the period, added up ("latest" over quarters).
"""

from django.db.models import OuterRef, Subquery, Sum

from kizuna.core.enums import OrgKind
from kizuna.plan.kpis import period, period_dates, register_kpi, run_by

from .enums import Platform, PostStatus
from .models import AccountFigure, Post

HOLDERS = ("hq", "nyc", "lon", "par", "sin", "sel", "syd", "bej")
OFFICES = {OrgKind.OVERSEAS_OFFICE}


def _posted(year, quarter, organisation_id):
    scope = run_by(organisation_id, "account__holder_id", kinds=OFFICES)
    if scope is None:
        return None
    return Post.objects.filter(scope, status=PostStatus.POSTED, posted_at__range=period(year, quarter))


@register_kpi("social.posts")
def posts(*, year, quarter, organisation_id):
    found = _posted(year, quarter, organisation_id)
    return None if found is None else found.count()


def _posts_of(holder: str):
    def kpi(*, year, quarter, organisation_id):
        found = _posted(year, quarter, organisation_id)
        return None if found is None else found.filter(account__holder__slug=holder).count()

    return kpi


@register_kpi("social.posts.featuring_local_governments")
def featuring_local_governments(*, year, quarter, organisation_id):
    found = _posted(year, quarter, organisation_id)
    if found is None:
        return None
    return found.filter(account__holder__kind=OrgKind.HEADQUARTERS, featured__isnull=False).count()


def followers(holder: str, platform: str | None, year, quarter, organisation_id) -> int | None:
    """Each account's latest figure within the period, added up; None when no account has one."""
    scope = run_by(organisation_id, "account__holder_id", kinds=OFFICES)
    if scope is None:
        return None
    start, end = period_dates(year, quarter)
    figures = AccountFigure.objects.filter(scope, account__holder__slug=holder, month__range=(start, end))
    if platform:
        figures = figures.filter(account__platform=platform)
    latest = AccountFigure.objects.filter(account=OuterRef("account"), month__range=(start, end)).order_by("-month")
    found = figures.filter(pk=Subquery(latest.values("pk")[:1])).aggregate(n=Sum("followers"))["n"]
    return found


def _followers_of(holder: str, platform: str | None = None):
    def kpi(*, year, quarter, organisation_id):
        return followers(holder, platform, year, quarter, organisation_id)

    return kpi


for _holder in HOLDERS:
    register_kpi(f"social.posts.{_holder}")(_posts_of(_holder))
    register_kpi(f"social.followers.{_holder}")(_followers_of(_holder))
    for _platform in Platform.values:
        register_kpi(f"social.followers.{_holder}.{_platform}")(_followers_of(_holder, _platform))
