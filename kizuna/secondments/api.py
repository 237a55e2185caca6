"""Seconded staff in the API: the secondments a person may see (headquarters all, an office's head their office's,
a home government its own, the person their own), one secondment with its postings and language courses, adding a
language course, and the curriculum matrix. Test results and assessments are not in the API."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kizuna.core.api import Pages
from kizuna.core.api_permissions import MAX_ID, allowed, loaded, parse_id
from kizuna.core.schemas import refused, with_errors

from . import queries, services
from .enums import SecondmentStatus
from .models import Posting, Secondment
from .schemas import CurriculumOut, SecondmentDetailOut, SecondmentOut, TrainingIn, TrainingOut

router = Router(tags=["secondments"])
ID = Path(..., ge=1, le=MAX_ID)


@router.get("/people", response=with_errors(list[SecondmentOut], 401, 403, 422),
            auth=allowed("secondments.view_secondments"))
@paginate(Pages, page_size=50)
def secondments_list(request, status: SecondmentStatus | None = None, office: str = Query("", max_length=40),
                     home_government: int | None = Query(None, ge=1, le=MAX_ID)):
    """Secondments by state, by where the person works now (the office's short name: `nyc`, `hq`) and by home
    local government (its id)."""
    qs = queries.secondments(request.user)
    if status:
        qs = qs.filter(status=status)
    if office:
        qs = qs.filter(organisation__slug=office)
    if home_government:
        qs = qs.filter(home_government_id=home_government)
    return qs


def _secondment(request, secondment_id, **kwargs):
    return get_object_or_404(Secondment.objects.visible_to(request.user).select_related(
        "person", "home_government", "organisation").prefetch_related(
        Prefetch("postings", queryset=Posting.objects.select_related("organisation")), "language_trainings"),
        pk=parse_id(secondment_id))


def _detail(secondment):
    secondment.training_hours = sum((t.hours for t in secondment.language_trainings.all()), 0)
    return secondment


@router.get("/people/{secondment_id}", response=with_errors(SecondmentDetailOut, 401, 404, 422),
            auth=allowed("secondments.view_secondment", get_object=_secondment))
def secondments_get(request, secondment_id: int = ID):
    """One secondment with its postings and language courses."""
    return _detail(loaded(request))


@router.post("/people/{secondment_id}/language-trainings",
             response=with_errors(TrainingOut, 401, 403, 404, 422),
             auth=allowed("secondments.keep_records", get_object=_secondment))
def secondments_add_training(request, payload: TrainingIn, secondment_id: int = ID):
    """Record a language course (headquarters, or the head of the office where the person works). Refused with
    the reason when its dates fall outside the secondment (or the year before it) or its hours are out of range."""
    try:
        return services.save_record(by=request.user, kind="training", secondment=loaded(request),
                                    **payload.dict())
    except ValidationError as error:
        raise refused(error) from None


@router.get("/curriculum", response=with_errors(CurriculumOut, 401, 403, 422),
            auth=allowed("secondments.view_curriculum"))
def secondments_curriculum(request, status: SecondmentStatus | None = None):
    """The expert training curriculum: each person's courses done (attended or certified)."""
    rows = queries.secondments(request.user)
    if status:
        rows = rows.filter(status=status)
    curriculum = queries.curriculum(rows[:500])
    return {"courses": [{"id": c.pk, "topic": c.topic, "title": c.title, "title_en": c.title_en}
                        for c in curriculum.courses],
            "rows": [{"secondment_id": s.pk, "person": str(s.person),
                      "done": [c.pk for c, mark in zip(curriculum.courses, marks, strict=True) if mark]}
                     for s, marks, _n in curriculum.rows]}
