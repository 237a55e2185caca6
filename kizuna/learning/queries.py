"""Reads of the learning pages, API and KPIs."""

from django.db.models import Count, Q

from .enums import SELF_ENROLLED, CourseStatus, EnrolmentStatus
from .models import Course, Enrolment

# What a listed enrolment shows (the API, the progress page): the related records are wide, and building them
# costs more than reading them (6,000 enrolments: 34 → 20 ms of server time for the API's page of 50).
LISTED = ("status", "enrolled_at", "due_on", "access_until", "completed_at", "score", "participant__jet_number",
          "participant__family_name", "participant__given_names", "participant__host__organisation__name",
          "participant__host__organisation__name_en")
LISTED_COURSE = ("course__title_en", "course__kind")


def _of_course(user, course: Course):
    """The enrolments of a course that the reader may see."""
    return Enrolment.objects.visible_to(user).filter(course=course)


def progress_ids(user, course: Course):
    """The ids of the course's enrolments the reader may see, by name, without the counting: a page is cut
    from these and only its rows are counted up (`progress_rows`)."""
    return (_of_course(user, course).order_by("participant__family_name", "participant__given_names", "pk")
            .values_list("pk", flat=True))


def progress_rows(user, course: Course, ids) -> list:
    """The enrolments of `ids` (a page of `progress_ids`) in that order, each with the number of modules read."""
    ids = list(ids)
    found = {e.pk: e for e in _of_course(user, course).filter(pk__in=ids)
             .select_related("participant__host__organisation").only(*LISTED)
             .annotate(modules_done=Count("progress", distinct=True))}
    return [found[pk] for pk in ids if pk in found]


def progress_counts(user, course: Course) -> dict:
    found = _of_course(user, course).aggregate(
        total=Count("pk"), completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
        in_progress=Count("pk", filter=Q(status=EnrolmentStatus.IN_PROGRESS)))
    return found


def _with_progress(qs):
    """Enrolments with their course and how many of its modules are read, newest first."""
    return (qs.select_related("course")
            .annotate(modules_done=Count("progress", distinct=True), modules=Count("course__modules", distinct=True))
            .order_by("-requested_at", "-pk"))


def own_enrolments(user):
    return _with_progress(Enrolment.objects.filter(participant__person=user))


def of_participant(user, participant) -> list:
    """A participant's enrolments as the person may see them (their participant page's learning section)."""
    return list(_with_progress(Enrolment.objects.visible_to(user).filter(participant=participant)))


def open_to_ask(user):
    """Published courses a participant may ask to take."""
    return Course.objects.filter(status=CourseStatus.PUBLISHED, kind__in=sorted(SELF_ENROLLED)).visible_to(
        user, "learning.enrol_self")


def enrolments(user, *, course: int | None = None, status: str = ""):
    found = (Enrolment.objects.visible_to(user).select_related("course", "participant__host__organisation")
             .only(*LISTED, *LISTED_COURSE))
    if course:
        found = found.filter(course_id=course)
    if status:
        found = found.filter(status=status)
    return found.order_by("course_id", "participant__family_name", "pk")
