"""Ranking experts for a dispatch request, with the reasons beside each score.

Everything the ranking needs is loaded in four queries whatever the number of experts; scoring is pure Python.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Avg, Count, Max
from django.utils.translation import gettext as _

from .enums import Format, Status
from .models import Dispatch, Expert, ExpertDate

RECENT_DAYS = 365


@dataclass
class Match:
    expert: Expert
    score: int = 0
    reasons: list = field(default_factory=list)

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons.append((points, reason))


def _region_of(host) -> str:
    if host.prefecture_id and host.prefecture:
        return host.prefecture.code or ""
    return host.code or ""


def _load(dispatch, experts):
    ids = [e.pk for e in experts]
    marks = {}
    for d in ExpertDate.objects.filter(expert_id__in=ids, day__gte=dispatch.starts_on, day__lte=dispatch.ends_on):
        marks.setdefault(d.expert_id, []).append(d.available)
    ratings = {r["expert_id"]: r for r in Dispatch.objects.filter(
        expert_id__in=ids, rating__isnull=False).order_by().values("expert_id")
        .annotate(avg=Avg("rating"), n=Count("pk"))}
    recent = dict(Dispatch.objects.filter(expert_id__in=ids, host_id=dispatch.host_id, status__in=[
        Status.CONFIRMED, Status.REPORTED, Status.COMPLETED]).exclude(pk=dispatch.pk)
        .order_by().values("expert_id").annotate(last=Max("ends_on")).values_list("expert_id", "last"))
    return marks, ratings, recent


def _blocked(dispatch, expert, marks) -> str:
    if not expert.is_active or expert.programme != dispatch.programme:
        return _("This expert is not in the programme.")
    if dispatch.format == Format.ONSITE and not expert.onsite:
        return _("%(name)s does not go on site.") % {"name": expert.name}
    if dispatch.format == Format.ONLINE and not expert.online:
        return _("%(name)s does not work online.") % {"name": expert.name}
    if False in marks.get(expert.pk, []):
        return _("%(name)s cannot go on some of these dates.") % {"name": expert.name}
    return ""


def _score(dispatch, expert, marks, ratings, recent) -> Match:
    m = Match(expert)
    words = [w.lower() for w in dispatch.theme.split() if len(w) > 1]
    if dispatch.field and dispatch.field in expert.fields:
        m.add(30, _("Field “%(field)s” matches") % {"field": dispatch.field})
    text = " ".join([expert.bio, *expert.fields]).lower()
    if any(w in text for w in words) or (dispatch.theme and dispatch.theme.lower() in text):
        m.add(10, _("Theme appears in the profile"))
    if dispatch.language in expert.languages:
        m.add(20, _("Speaks %(lang)s") % {"lang": dispatch.language})
    else:
        m.add(-20, _("Does not list %(lang)s") % {"lang": dispatch.language})
    region = _region_of(dispatch.host)
    if not expert.regions:
        m.add(5, _("Goes anywhere"))
    elif region in expert.regions:
        m.add(15, _("Covers the host's region"))
    else:
        m.add(0, _("Outside the regions listed"))
    days = (dispatch.ends_on - dispatch.starts_on).days + 1
    if marks.get(expert.pk, []).count(True) >= days:
        m.add(15, _("Marked available on every date"))
    else:
        m.add(0, _("Dates not marked yet"))
    if expert.pk in ratings:
        r = ratings[expert.pk]
        m.add(round((r["avg"] - 3) * 5), _("Average rating %(avg).1f from %(n)d dispatches") % r)
    last = recent.get(expert.pk)
    if last and dispatch.starts_on - last < timedelta(days=RECENT_DAYS):
        m.add(-10, _("Went to this body on %(day)s") % {"day": last})
    else:
        m.add(5, _("Not at this body in the past year"))
    return m


def rank(dispatch) -> list[Match]:
    """The available experts of the programme, best first, each with its reasons."""
    experts = list(Expert.objects.filter(programme=dispatch.programme, is_active=True).select_related("person"))
    marks, ratings, recent = _load(dispatch, experts)
    found = [_score(dispatch, e, marks, ratings, recent) for e in experts if not _blocked(dispatch, e, marks)]
    return sorted(found, key=lambda m: (-m.score, m.expert.name))


def blocking_reason(dispatch, expert) -> str:
    marks, _ratings, _recent = _load(dispatch, [expert])
    return _blocked(dispatch, expert, marks)
