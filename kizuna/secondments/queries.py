"""Reads of the seconded-staff records reused by the pages, the API, the home page and the KPIs."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from kizuna.core.charts import bars
from kizuna.core.search import search_names
from kizuna.events.models import Certificate, Registration

from .enums import ENDING_SOON_DAYS, SecondmentStatus
from .models import Course, Posting, Secondment


def secondments(user, perm: str | None = None):
    """The secondments the person may open, with what their rows show (no query per row)."""
    return (Secondment.objects.visible_to(user, perm).select_related("person", "home_government", "organisation")
            .annotate(training_hours=Sum("language_trainings__hours"))
            .order_by("status", "-starts_on", "pk"))


def with_postings(qs):
    return qs.prefetch_related(Prefetch("postings", queryset=Posting.objects.select_related("organisation")))


def filtered(qs, *, status: str = "", home=None, organisation=None, query: str = ""):
    if status:
        qs = qs.filter(status=status)
    if home is not None:
        qs = qs.filter(home_government=home)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    if query:
        return search_names("secondments", query, qs)  # ranked, best first
    return qs


def ending_soon(qs, today=None):
    today = today or timezone.localdate()
    return qs.filter(status=SecondmentStatus.SERVING, ends_on__lte=today + timedelta(days=ENDING_SOON_DAYS))


def missing_records(qs):
    """Serving secondments without a language training, or whose past field training has no report."""
    today = timezone.localdate()
    return qs.filter(status=SecondmentStatus.SERVING).annotate(
        trainings=Count("language_trainings", distinct=True),
        unreported=Count("field_trainings", filter=Q(field_trainings__ends_on__lt=today,
                                                     field_trainings__report=""), distinct=True),
    ).filter(Q(trainings=0) | Q(unreported__gt=0))


def hours_bars(rows) -> list[dict]:
    """Training hours per person, most first, for the chart and the table behind it."""
    found = sorted(((str(s.person), s.training_hours or Decimal(0)) for s in rows), key=lambda r: (-r[1], r[0]))
    return bars([(label, int(n) if n == int(n) else n) for label, n in found])


@dataclass
class Curriculum:
    courses: list
    rows: list  # (secondment, [bool per course], done count)

    @property
    def totals(self) -> list[int]:
        return [sum(1 for _s, marks, _n in self.rows if marks[i]) for i in range(len(self.courses))]


def completions(person_ids, courses) -> set[tuple[int, int]]:
    """(person id, course id) of every course a person has done: attended (checked in at) or been certified for
    any of the course's events. Two queries whatever the number of people and courses."""
    by_event: dict[int, list[int]] = {}
    for course_id, event_id in Course.events.through.objects.filter(course__in=courses).values_list(
            "course_id", "event_id"):
        by_event.setdefault(event_id, []).append(course_id)
    if not by_event or not person_ids:
        return set()
    done = Registration.objects.filter(event_id__in=list(by_event), person_id__in=list(person_ids)).filter(
        Q(checked_in_at__isnull=False) | Q(pk__in=Certificate.objects.values("registration_id")))
    found = set()
    for person_id, event_id in done.values_list("person_id", "event_id"):
        for course_id in by_event[event_id]:
            found.add((person_id, course_id))
    return found


def curriculum(rows, courses=None) -> Curriculum:
    """The curriculum matrix: each secondment of `rows` against each course in the curriculum, done or not."""
    courses = list(courses if courses is not None else Course.objects.filter(is_active=True))
    rows = list(rows)
    done = completions({s.person_id for s in rows}, courses)
    matrix = []
    for s in rows:
        marks = [(s.person_id, c.pk) in done for c in courses]
        matrix.append((s, marks, sum(marks)))
    return Curriculum(courses, matrix)
