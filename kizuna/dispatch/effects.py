"""Guards and mail of the dispatch transitions; the confirmation carries an .ics of the dates.

Effects run inside the transition's transaction: they render what they send and queue its delivery with
`transaction.on_commit`, so a mail that cannot be built refuses the step instead of leaving it half done."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kizuna.core.enums import WORKING_ROLES
from kizuna.core.models import Membership
from kizuna.core.notifications import queue_mail, render_mail
from kizuna.core.workflow import transition

from .enums import DISPATCH_TRANSITIONS, VISIT_TRANSITIONS, VisitStatus
from .ics import calendar_for
from .matching import blocking_reason
from .tasks import send_with_ics


def host_emails(dispatch) -> list[str]:
    return sorted(set(Membership.objects.active().filter(organisation=dispatch.host, role__in=WORKING_ROLES)
                      .values_list("person__email", flat=True)))


@DISPATCH_TRANSITIONS.guard("needs_available_expert")
def needs_available_expert(dispatch, *, by, **changes) -> None:

    if dispatch.expert is None:
        raise ValidationError(_("Choose an expert."), code="no_expert")
    reason = blocking_reason(dispatch, dispatch.expert)
    if reason:
        raise ValidationError(reason, code="unavailable")


@DISPATCH_TRANSITIONS.guard("needs_report")
def needs_report(dispatch, *, by, **changes) -> None:
    if dispatch.visits.exclude(status=VisitStatus.CANCELLED).exists():
        raise ValidationError(_("This engagement has its visits planned: file the report of each visit."),
                              code="has_visits")
    if not (dispatch.report or "").strip() or not dispatch.report_hours or dispatch.report_hours <= 0:
        raise ValidationError(_("Say what was done and how many hours it took."), code="incomplete_report")


@DISPATCH_TRANSITIONS.guard("needs_reported_visits")
def needs_reported_visits(dispatch, *, by, **changes) -> None:
    states = set(dispatch.visits.values_list("status", flat=True))
    if VisitStatus.PLANNED in states or VisitStatus.REPORTED not in states:
        raise ValidationError(_("Every planned visit must be reported or cancelled, and one at least reported."),
                              code="visits_open")


@VISIT_TRANSITIONS.guard("needs_visit_report")
def needs_visit_report(visit, *, by, **changes) -> None:
    if not (visit.report or "").strip() or not visit.report_hours or visit.report_hours <= 0:
        raise ValidationError(_("Say what was done and how many hours it took."), code="incomplete_report")


@DISPATCH_TRANSITIONS.guard("needs_rating")
def needs_rating(dispatch, *, by, **changes) -> None:
    if dispatch.rating not in {1, 2, 3, 4, 5}:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="bad_rating")


@DISPATCH_TRANSITIONS.effect("offer")
def mail_offer(dispatch, *, by, note="") -> None:
    person = dispatch.expert.person
    if person is not None:
        queue_mail(to=person.email, template="dispatch/mail/offer",
                   context={"d": dispatch, "path": dispatch.get_absolute_url()})


@DISPATCH_TRANSITIONS.effect("accept")
def mail_confirmation(dispatch, *, by, note="") -> None:
    """The dates to the host and the expert, with an .ics to put in a calendar."""

    to = host_emails(dispatch)
    if dispatch.expert.person is not None:
        to.append(dispatch.expert.person.email)
    subject, body = render_mail("dispatch/mail/confirmed", {"d": dispatch, "path": dispatch.get_absolute_url()})
    try:
        ics = calendar_for(dispatch, site_url=settings.SITE_URL)
    except (OverflowError, ValueError) as error:
        # The dates cannot be put in a calendar (the last day of the calendar itself): the step is refused
        # rather than confirmed without the calendar the host and the expert are promised.
        raise ValidationError(_("The dates of this dispatch cannot be put in a calendar file, so it cannot be "
                                "confirmed."), code="no_calendar") from error
    transaction.on_commit(lambda: send_with_ics.enqueue(to=sorted(set(to)), subject=subject, body=body, ics=ics))


@DISPATCH_TRANSITIONS.effect("cancel")
def cancel_planned_visits(dispatch, *, by, note="") -> None:
    """A cancelled engagement leaves no visit planned: each is cancelled too, each with its audit entry."""
    for visit in dispatch.visits.filter(status=VisitStatus.PLANNED):
        transition(visit, "cancel", by=by, note=note)
