"""Who may do what with requests to overseas offices: the policies of requests, their messages and files, and
the offices' queues.

A request is the business of the organisation that filed it (its working members, never a former member or
the person alone), the branch that endorses it, the office that handles it, and headquarters.
"""

from kizuna.core.policies import ANYONE, SIGNED_IN, Field, Policy, Through, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, LOCAL_GOVERNMENT_STAFF, SUPERUSER, Who, is_office_staff
from kizuna.core.threads import message_view

OFFICE_STAFF = Who(is_office_staff)

REQUESTER = WorksFor("requester")
BRANCH = WorksFor("branch")
OFFICE = WorksFor("office")
STAFF_ON_IT = OFFICE | BRANCH | HQ_STAFF
INVOLVED = REQUESTER | STAFF_ON_IT


class RequestPolicy(Policy):
    model = "requests.Request"
    view = "requests.view_request"
    actions = {
        "requests.view_request": INVOLVED,
        "requests.view_own_requests": SIGNED_IN,
        "requests.file_request": LOCAL_GOVERNMENT_STAFF | SUPERUSER,
        "requests.reply_request": REQUESTER | OFFICE | HQ_STAFF,
        "requests.note_request": STAFF_ON_IT,
        "requests.endorse_request": BRANCH | SUPERUSER,
        "requests.accept_request": HQ_STAFF,
        "requests.decline_request": STAFF_ON_IT,
        "requests.work_request": OFFICE | SUPERUSER,
        "requests.resume_request": OFFICE | REQUESTER | SUPERUSER,
        "requests.hand_over_request": OFFICE | HQ_STAFF,
        "requests.rate_request": REQUESTER | SUPERUSER,
        "requests.withdraw_request": REQUESTER | SUPERUSER,
        "requests.publish_request": Field("kind", "research") & (OFFICE | HQ_STAFF),
        "requests.view_research": ANYONE,
        "requests.export_research": CLAIR_STAFF,
        # The mail server's account feeds replies by mail (the API's inbound endpoint).
        "requests.feed_mail": HQ_STAFF,
    }


class MessagePolicy(Policy):
    """A message is seen by whoever sees its request; an internal note only by the staff on it."""

    model = "requests.Message"
    view = "requests.view_message"
    actions = {
        "requests.view_message": message_view(staff=Through("request", STAFF_ON_IT),
                                              parties=Through("request", REQUESTER)),
    }


class AttachmentPolicy(Policy):
    model = "requests.Attachment"
    view = "requests.view_attachment"
    actions = {
        "requests.view_attachment": Through("message", MessagePolicy.actions["requests.view_message"]),
    }


class PausePolicy(Policy):
    model = "requests.Pause"
    view = "requests.view_pause"
    actions = {"requests.view_pause": Through("request", INVOLVED)}


class OfficePolicy(Policy):
    """An office's queue and working hours: its own staff and headquarters. (A policy about organisations that
    are overseas offices; the organisation's own visibility is the core's.)"""

    model = "core.Organisation"
    actions = {
        "requests.view_queues": OFFICE_STAFF | HQ_STAFF,
        # Reports per office and kind: headquarters over every office, an office's staff over their own.
        "requests.view_reports": OFFICE_STAFF | HQ_STAFF,
        "requests.view_queue": WorksFor("pk") | HQ_STAFF,
        "requests.edit_office_hours": WorksFor("pk") | HQ_STAFF,
    }


class OfficeHoursPolicy(Policy):
    """Office hours are public: the deadlines people are given are counted from them."""

    model = "requests.OfficeHours"
    view = "requests.view_office_hours"
    actions = {"requests.view_office_hours": ANYONE}


for _policy in (RequestPolicy(), MessagePolicy(), AttachmentPolicy(), PausePolicy(), OfficePolicy(),
                OfficeHoursPolicy()):
    register(_policy)
