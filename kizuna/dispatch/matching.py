"""Ranking experts for a dispatch request, with the reasons beside each score.

Everything the ranking needs is loaded in four queries whatever the number of experts, each filtered by the
programme in the database (not by a list of thousands of ids); scoring is pure Python over numbers. A reason
is kept as (points, message, parameters) and put into words only when read, so that ranking 2,000 experts
translates only the reasons of the few shown (bench/casework.py: 500 requests against 2,000 experts).
"""

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Avg, Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .enums import Format, Status
from .models import Dispatch, Expert, ExpertDate

RECENT_DAYS = 365
SHOWN = 20  # matches listed on a dispatch's page
EXPERT_FIELDS = ("pk", "name", "programme", "fields", "languages", "regions", "onsite", "online", "bio",
                 "is_active")
# What scoring reads of an expert: a plain row, not a model instance (thousands of them per ranking).
Candidate = namedtuple("Candidate", EXPERT_FIELDS)

FIELD_MATCHES = gettext_noop("Field “%(field)s” matches")
THEME_IN_PROFILE = gettext_noop("Theme appears in the profile")
SPEAKS = gettext_noop("Speaks %(lang)s")
DOES_NOT_LIST = gettext_noop("Does not list %(lang)s")
ANYWHERE = gettext_noop("Goes anywhere")
COVERS_REGION = gettext_noop("Covers the host's region")
OUTSIDE_REGIONS = gettext_noop("Outside the regions listed")
EVERY_DATE = gettext_noop("Marked available on every date")
NOT_MARKED = gettext_noop("Dates not marked yet")
RATED = gettext_noop("Average rating %(avg).1f from %(n)d dispatches")
WENT_RECENTLY = gettext_noop("Went to this body on %(day)s")
NOT_RECENTLY = gettext_noop("Not at this body in the past year")


@dataclass
class Match:
    expert: Expert
    score: int = 0
    parts: list = field(default_factory=list)  # (points, untranslated message, parameters)

    def add(self, points: int, message: str, params: dict | None = None) -> None:
        self.score += points
        self.parts.append((points, message, params))

    @property
    def reasons(self) -> list[tuple[int, str]]:
        """(points, reason) in the active language."""
        return [(points, _(message) % params if params else _(message)) for points, message, params in self.parts]


def _region_of(host) -> str:
    if host.prefecture_id and host.prefecture:
        return host.prefecture.code or ""
    return host.code or ""


def _load(dispatch, scope: dict):
    """Date marks, ratings and the last visit to this host of the experts in `scope` (a filter on
    `expert__…`), in three queries."""
    marks = {}
    for expert_id, available in ExpertDate.objects.filter(
            day__gte=dispatch.starts_on, day__lte=dispatch.ends_on, **scope).values_list("expert_id", "available"):
        marks.setdefault(expert_id, []).append(available)
    ratings = {r["expert_id"]: r for r in Dispatch.objects.filter(rating__isnull=False, **scope).order_by()
               .values("expert_id").annotate(avg=Avg("rating"), n=Count("pk"))}
    recent = dict(Dispatch.objects.filter(host_id=dispatch.host_id, status__in=[
        Status.CONFIRMED, Status.REPORTED, Status.COMPLETED], **scope).exclude(pk=dispatch.pk)
        .order_by().values("expert_id").annotate(last=Max("ends_on")).values_list("expert_id", "last"))
    return marks, ratings, recent


def _blocked(dispatch, expert, marks) -> str:
    if not expert.is_active or expert.programme != dispatch.programme:
        return _("This expert is not in the programme.")
    if dispatch.format == Format.ONSITE and not expert.onsite:
        return _("%(name)s does not go on site.") % {"name": expert.name}
    if dispatch.format == Format.ONLINE and not expert.online:
        return _("%(name)s does not work online.") % {"name": expert.name}
    if False in marks.get(expert.pk, ()):
        return _("%(name)s cannot go on some of these dates.") % {"name": expert.name}
    return ""


def _score(dispatch, expert, marks, ratings, recent, *, words, region, days) -> Match:
    m = Match(expert)
    if dispatch.field and dispatch.field in expert.fields:
        m.add(30, FIELD_MATCHES, {"field": dispatch.field})
    text = " ".join([expert.bio, *expert.fields]).lower()
    if any(w in text for w in words):
        m.add(10, THEME_IN_PROFILE)
    if dispatch.language in expert.languages:
        m.add(20, SPEAKS, {"lang": dispatch.language})
    else:
        m.add(-20, DOES_NOT_LIST, {"lang": dispatch.language})
    if not expert.regions:
        m.add(5, ANYWHERE)
    elif region in expert.regions:
        m.add(15, COVERS_REGION)
    else:
        m.add(0, OUTSIDE_REGIONS)
    if marks.get(expert.pk, ()).count(True) >= days:
        m.add(15, EVERY_DATE)
    else:
        m.add(0, NOT_MARKED)
    r = ratings.get(expert.pk)
    if r:
        m.add(round((r["avg"] - 3) * 5), RATED, {"avg": r["avg"], "n": r["n"]})
    last = recent.get(expert.pk)
    if last and dispatch.starts_on - last < timedelta(days=RECENT_DAYS):
        m.add(-10, WENT_RECENTLY, {"day": last})
    else:
        m.add(5, NOT_RECENTLY)
    return m


def rank(dispatch, *, limit: int | None = None) -> list[Match]:
    """The available experts of the programme, best first (the first `limit`), each with its reasons."""
    experts = Expert.objects.filter(programme=dispatch.programme, is_active=True)
    if dispatch.format == Format.ONSITE:
        experts = experts.filter(onsite=True)
    elif dispatch.format == Format.ONLINE:
        experts = experts.filter(online=True)
    marks, ratings, recent = _load(dispatch, {"expert__programme": dispatch.programme,
                                              "expert__is_active": True})
    theme = dispatch.theme.lower()
    context = {"words": [w for w in theme.split() if len(w) > 1] + ([theme] if theme else []),
               "region": _region_of(dispatch.host), "days": (dispatch.ends_on - dispatch.starts_on).days + 1}
    candidates = map(Candidate._make, experts.values_list(*EXPERT_FIELDS))
    found = [_score(dispatch, e, marks, ratings, recent, **context) for e in candidates
             if not _blocked(dispatch, e, marks)]
    found.sort(key=lambda m: (-m.score, m.expert.name))
    shown = found[:limit] if limit else found
    instances = Expert.objects.in_bulk([m.expert.pk for m in shown])
    for m in shown:
        m.expert = instances[m.expert.pk]
    return shown


def blocking_reason(dispatch, expert) -> str:
    marks, _ratings, _recent = _load(dispatch, {"expert_id": expert.pk})
    return _blocked(dispatch, expert, marks)
