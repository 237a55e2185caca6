"""Learning on the task-first home page: a participant's courses still to finish, with their due dates, and the way
to "My learning"; headquarters' requests to enrol waiting for a decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from kizuna.core.home import HomeContribution, OpenItem, Start, register_home_provider

from .enums import STUDYING, EnrolmentStatus
from .models import Enrolment
from .rules import is_participant


@register_home_provider
def learning_on_the_home_page(request) -> HomeContribution | None:
    user = request.user
    if not user.is_authenticated:
        return None
    found = HomeContribution()
    if is_participant(user):
        found.start.append(Start(_("My learning"), reverse("learning:mine")))
        for e in (Enrolment.objects.filter(participant__person=user, status__in=STUDYING).select_related("course")
                  .order_by("due_on", "pk")[:5]):
            found.waiting.append(OpenItem(_("Finish the course “%(title)s”.") % {"title": e.course.title},
                                          e.get_absolute_url(), _("Continue the course"), due=e.due_on))
    if user.has_perm("learning.manage_courses"):
        asked = Enrolment.objects.filter(status=EnrolmentStatus.REQUESTED).count()
        if asked:
            found.waiting.append(OpenItem(_("Requests to enrol in a course wait for a decision."),
                                          reverse("learning:courses"), _("See the courses"), count=asked))
    return found if (found.waiting or found.start) else None
