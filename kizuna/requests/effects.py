"""Guards and mail effects of the request transitions, attached to the transition table by name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kizuna.core import verp
from kizuna.core.enums import WORKING_ROLES, OrgKind
from kizuna.core.models import Membership
from kizuna.core.notifications import queue_mail

from . import sla
from .enums import REQUEST_TRANSITIONS, Status


def emails_of(organisation) -> list[str]:
    if organisation is None:
        return []
    return sorted(set(Membership.objects.active().filter(organisation=organisation, role__in=WORKING_ROLES)
                      .values_list("person__email", flat=True)))


def notify(request, *, to: list[str], what: str, body: str = "", reply_to: str = "") -> None:
    """Mail about the request. With `reply_to` (the request's signed reply address) the mail says that a reply
    to it is added to the request."""
    if to:
        queue_mail(to=to, template="requests/mail/update", reply_to=reply_to,
                   context={"request": request, "what": what, "body": body, "can_reply": bool(reply_to),
                            "path": request.get_absolute_url()})


REPLY_PURPOSE = "requests"


def reply_address(request) -> str:
    """requests+<request>-<mac>@…: a reply to it is the requester's message on this request (and no other)."""
    return verp.address(settings.REQUESTS_INBOUND, REPLY_PURPOSE, request.pk)


def requester_emails(request) -> list[str]:
    return sorted(set(emails_of(request.requester)) | {request.created_by.email})


# Guards -----------------------------------------------------------------------------------------------------

@REQUEST_TRANSITIONS.guard("needs_office")
def needs_office(request, *, by, **changes) -> None:
    office = request.office
    if office is None or office.kind != OrgKind.OVERSEAS_OFFICE:
        raise ValidationError(_("Choose the overseas office that will handle the request."), code="no_office")
    if request.assignee_id and not Membership.objects.active().filter(
            organisation=office, person_id=request.assignee_id, role__in=WORKING_ROLES).exists():
        raise ValidationError(_("The person to hand over to must work at that office."), code="bad_assignee")


@REQUEST_TRANSITIONS.guard("needs_reason")
def needs_reason(request, *, by, **changes) -> None:
    if not (request.reason or "").strip():
        raise ValidationError(_("Say why the request is declined."), code="no_reason")


@REQUEST_TRANSITIONS.guard("needs_deliverable")
def needs_deliverable(request, *, by, **changes) -> None:
    if not (request.deliverable or "").strip():
        raise ValidationError(_("Write the answer before closing the request."), code="no_deliverable")


@REQUEST_TRANSITIONS.guard("needs_rating")
def needs_rating(request, *, by, **changes) -> None:
    if request.rating not in {1, 2, 3, 4, 5}:
        raise ValidationError(_("Choose a rating from 1 to 5."), code="bad_rating")


# Mail effects -----------------------------------------------------------------------------------------------

@REQUEST_TRANSITIONS.effect("endorse")
def mail_hq(request, *, by, note="") -> None:
    hq = type(request.requester).objects.filter(kind=OrgKind.HEADQUARTERS).first()
    notify(request, to=emails_of(hq), what=_("A research request was endorsed by the branch."), body=note)
    notify(request, to=requester_emails(request),
           what=_("Your research request was endorsed by %(branch)s and sent to CLAIR headquarters.")
           % {"branch": request.branch}, body=note)


@REQUEST_TRANSITIONS.effect("accept", "hand_over")
def mail_office(request, *, by, note="") -> None:
    notify(request, to=emails_of(request.office), what=_("A request is in your office's queue."), body=note)


@REQUEST_TRANSITIONS.effect("withdraw")
def mail_handlers_withdrawn(request, *, by, note="") -> None:
    """Whoever holds the request (the office, or the branch before it reaches one) stops working on it."""
    holder = request.office if request.office_id else request.branch
    notify(request, to=emails_of(holder), what=_("The requester withdrew the request."), body=note)


@REQUEST_TRANSITIONS.effect("accept")
def mail_requester_accepted(request, *, by, note="") -> None:
    """The requester learns which office handles the request and by when it expects to answer."""
    expected = sla.expected_answer(request)
    what = _("Your request was accepted by %(office)s.") % {"office": request.office}
    if expected is not None:
        what += " " + _("The office expects to answer by %(date)s.") % {
            "date": expected.astimezone(sla.JST).date().isoformat()}
        if sla.later_than_wanted(request, expected):
            what += " " + _("This is later than the date you asked for (%(date)s).") % {
                "date": request.wanted_by.isoformat()}
    notify(request, to=requester_emails(request), what=what)


@REQUEST_TRANSITIONS.effect("decline", "wait", "answer")
def mail_requester(request, *, by, note="") -> None:
    to = requester_emails(request)
    if request.status == Status.ANSWERED and request.branch_id:
        # DOMAIN.md: a research answer goes "back through the branch", which is told too.
        to = sorted(set(to) | set(emails_of(request.branch)))
    # A question from the office (waiting for the requester) can be answered by replying to its mail.
    notify(request, to=to,
           what=_("Your request is now “%(status)s”.") % {"status": request.get_status_display()},
           body=note or request.reason or request.deliverable,
           reply_to=reply_address(request) if request.status == Status.WAITING else "")
