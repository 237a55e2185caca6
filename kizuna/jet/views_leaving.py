"""The leaving page of a participant: the checklist of both sides and the alumni question."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kizuna.core.actions import flash_errors
from kizuna.core.permissions import permission_required

from . import leaving
from .enums import LeavingItem
from .models import AlumniConsent, LeavingTask, Participant


def _participant(request, pk, **kwargs):
    return get_object_or_404(Participant.objects.visible_to(request.user).select_related("host__organisation"),
                             pk=pk)


def _task(request, pk, **kwargs):
    return get_object_or_404(LeavingTask.objects.visible_to(request.user).select_related("participant"), pk=pk)


@permission_required("jet.view_leaving", get_object=_participant)
def checklist(request, pk, obj):
    user = request.user
    tasks = list(obj.leaving_tasks.select_related("done_by"))
    rows = [(t, user.has_perm("jet.tick_leaving_task", t)) for t in tasks]
    return render(request, "jet/leaving.html", {
        "p": obj, "rows": rows, "done": sum(1 for t in tasks if t.done_at), "total": len(tasks),
        "consent": AlumniConsent.objects.filter(participant=obj).first(),
        "may_answer": user.has_perm("jet.answer_alumni_consent", obj), "forwarding": LeavingItem.FORWARDING})


@permission_required("jet.tick_leaving_task", get_object=_task)
@require_POST
def tick(request, pk, obj):
    done = request.POST.get("done") == "1"
    detail = request.POST.get("detail") if "detail" in request.POST else None
    try:
        leaving.tick(by=request.user, task=obj, done=done, detail=detail)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The checklist is updated."))
    return redirect("jet:leaving_checklist", obj.participant_id)


@permission_required("jet.answer_alumni_consent", get_object=_participant)
@require_POST
def consent(request, pk, obj):
    answer = request.POST.get("consents")
    if answer not in ("yes", "no"):
        messages.error(request, _("Choose yes or no."))
    else:
        leaving.answer_alumni_consent(by=request.user, participant=obj, consents=answer == "yes")
        messages.success(request, _("Thank you: your answer is saved. You can change it here at any time."))
    return redirect("jet:leaving_checklist", obj.pk)
