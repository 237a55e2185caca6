"""Counselling on the task-first home page: a participant's way to ask and the replies waiting for them; a
counsellor's queue and the cases awaiting their reply; the supervisor's cases at high risk."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider

from . import queries
from .enums import CaseStatus
from .models import Case
from .rules import is_active_participant, is_counsellor, is_supervisor


@register_home_provider
def counselling_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    index = reverse("counselling:index")
    if is_active_participant(user):
        found.start.append(Start(_("Talk to a counsellor (confidential)"), reverse("counselling:ask")))
        replied = Case.objects.filter(participant__person=user, status=CaseStatus.OPEN,
                                      awaiting_counsellor=False).count()
        if replied:
            found.waiting.append(OpenItem(_("A counsellor has written to you."), index, _("Read it"), count=replied))
    if is_counsellor(user):
        waiting = queries.waiting(user).count()
        if waiting:
            found.waiting.append(OpenItem(_("Counselling cases wait for a counsellor."), index,
                                          _("See the queue"), count=waiting))
        mine = queries.on_my_cases(user).filter(awaiting_counsellor=True).count()
        if mine:
            found.waiting.append(OpenItem(_("Participants wait for your reply."), index, _("See your cases"),
                                          count=mine))
    if is_supervisor(user):
        urgent = queries.urgent(user).count()
        if urgent:
            found.waiting.append(OpenItem(_("Counselling cases at high risk are open."), index, _("See them"),
                                          count=urgent))
    return found if (found.waiting or found.start) else None
