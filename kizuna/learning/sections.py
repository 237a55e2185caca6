"""A JET participant's page gets a learning section: their courses, how far they are, their certificates
(the JET app may not import learning, so learning registers it; kizuna.core.sections)."""

from django.utils.translation import pgettext_lazy

from kizuna.core.sections import register_section

from . import queries
from .enums import EnrolmentStatus


@register_section(page="jet.participant")
def participant_learning(request, participant):
    enrolments = queries.of_participant(request.user, participant)
    if not enrolments:
        return None
    for e in enrolments:
        e.certificate_ready = (e.status == EnrolmentStatus.COMPLETED
                               and request.user.has_perm("learning.download_certificate", e))
    return {"title": pgettext_lazy("participant page", "Learning"), "template": "learning/_participant_section.html",
            "context": {"enrolments": enrolments}}
