"""Leaving (離任): the checklist a participant and their contracting organisation settle before departure, and the
participant's answer to joining the alumni network.

The checklist opens when the participant is leaving (announced, or the reappointment round confirmed it): one task
per item of `LeavingItem`, each done by the side `LEAVING_SIDES` names. On departure the participant is mailed
the alumni question when they have not answered it yet (the alumni network builds on the answer).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, save_logged
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require

from .enums import LEAVING_SIDES, PARTICIPANT_TRANSITIONS, LeavingItem
from .models import AlumniConsent, LeavingTask, Participant

MAX_ADDRESS = 500


@PARTICIPANT_TRANSITIONS.effect("announce_leaving", "not_reappointed")
def open_checklist(participant: Participant, *, by, note="") -> None:
    """The checklist's tasks, once per participant (a participant who stays on and leaves later keeps theirs)."""
    have = set(participant.leaving_tasks.values_list("item", flat=True))
    for item in LeavingItem:
        if item not in have:
            create_logged(LeavingTask, "jet.leavingtask.create", by=by, participant=participant, item=item,
                          side=LEAVING_SIDES[item])


@PARTICIPANT_TRANSITIONS.effect("depart")
def ask_alumni_consent(participant: Participant, *, by, note="") -> None:
    if AlumniConsent.objects.filter(participant=participant).exists() or not participant.email:
        return
    person = participant.person
    language = getattr(person, "preferred_language", "") or "en"
    path = reverse("jet:leaving_checklist", args=[participant.pk])
    queue_mail(to=participant.email, template="jet/mail/alumni_consent", language=language,
               context={"participant": participant, "path": path})


@transaction.atomic
def tick(*, by, task: LeavingTask, done: bool, detail: str | None = None) -> LeavingTask:
    """Mark a task done (or not done again). The forwarding address is the detail of its task, and needed."""
    task = LeavingTask.objects.select_for_update().select_related("participant").get(pk=task.pk)
    require(by, "jet.tick_leaving_task", task)
    fields = ["done_at", "done_by"]
    if detail is not None:
        detail = detail.strip()
        if len(detail) > MAX_ADDRESS:
            raise ValidationError({"detail": ValidationError(_("At most %(n)s characters.") % {"n": MAX_ADDRESS},
                                                             code="too_long")})
        task.detail = detail
        fields.append("detail")
    if done and task.item == LeavingItem.FORWARDING and not task.detail:
        raise ValidationError({"detail": ValidationError(_("Give the forwarding address."), code="no_address")})
    task.done_at, task.done_by = (timezone.now(), by) if done else (None, None)
    save_logged(task, "jet.leavingtask.tick" if done else "jet.leavingtask.untick", by=by, fields=fields)
    return task


@transaction.atomic
def answer_alumni_consent(*, by, participant: Participant, consents: bool) -> AlumniConsent:
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    require(by, "jet.answer_alumni_consent", participant)
    found = AlumniConsent.objects.filter(participant=participant).first()
    if found is None:
        return create_logged(AlumniConsent, "jet.alumniconsent.create", by=by, participant=participant,
                             consents=consents, answered_at=timezone.now())
    found.consents, found.answered_at = consents, timezone.now()
    save_logged(found, "jet.alumniconsent.update", by=by, fields=["consents", "answered_at"])
    return found
