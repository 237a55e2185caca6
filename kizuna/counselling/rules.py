"""Who sees and does what in counselling: confidentiality by construction.

Only three kinds of people ever read a case's content: the participant (their own messages), the counsellors on
the case (messages and notes) and the counselling supervisor (messages, notes and the access log). Nobody else
does, whatever else they may do in Kizuna: not headquarters, not a superuser (the policies answer for superusers
too, kizuna/core/models.py), not the participant's contracting organisation or PA, not another counsellor (who
sees a case waiting in the queue, without its content, until someone takes it). The Django admin registers none
of these models. Headquarters sees statistics without content and sets the yearly limit of video sessions.
"""

from kizuna.core.enums import Role
from kizuna.core.policies import SIGNED_IN, USER, Field, Has, IsUser, Policy, Through, Who, register
from kizuna.core.rules import HQ_STAFF, has_role
from kizuna.jet.enums import ACTIVE
from kizuna.jet.models import Participant
from kizuna.jet.rules import OWN_RECORD

from .enums import CaseStatus, Channel, Risk


def is_counsellor(user) -> bool:
    return has_role(user, Role.COUNSELLOR)


def is_supervisor(user) -> bool:
    return has_role(user, Role.COUNSELLING_SUPERVISOR)


def is_active_participant(user) -> bool:
    """A participant in Japan now (arrived, in post or leaving): they may ask for counselling."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_kizuna_counselling_participant", None)
    if cached is None:
        cached = Participant.objects.filter(person=user, status__in=ACTIVE).exists()
        user._kizuna_counselling_participant = cached
    return cached


COUNSELLOR = Who(is_counsellor, "counsellor")
SUPERVISOR = Who(is_supervisor, "counselling supervisor")
PARTICIPANT = Who(is_active_participant, "participant in post")
OWN = OWN_RECORD
ON_CASE = Has("counselling.CaseCounsellor", "case", counsellor=USER)
STILL_OPEN = Field("status", in_=(CaseStatus.WAITING, CaseStatus.OPEN))

READS_CASE = OWN | ON_CASE | SUPERVISOR  # the messages
READS_NOTES = ON_CASE | SUPERVISOR
SEES_CASE = READS_CASE | (COUNSELLOR & Field("status", CaseStatus.WAITING))  # the queue shows no content


class CasePolicy(Policy):
    model = "counselling.Case"
    confidential = True
    view = "counselling.view_case"
    actions = {
        "counselling.view_case": SEES_CASE,
        "counselling.read_case": READS_CASE,
        "counselling.read_notes": READS_NOTES,
        "counselling.review_access": SUPERVISOR,
        "counselling.write_message": (OWN | ON_CASE) & STILL_OPEN,
        "counselling.take_case": COUNSELLOR & Field("status", CaseStatus.WAITING),
        "counselling.work_case": ON_CASE,
        "counselling.assign_counsellor": SUPERVISOR & STILL_OPEN,
        "counselling.escalate": READS_NOTES & Field("risk", Risk.HIGH),
        "counselling.book_session": OWN & Field("channel", Channel.VIDEO) & Field("status", CaseStatus.OPEN),
        "counselling.ask": PARTICIPANT,
        "counselling.view_own_cases": SIGNED_IN,
        "counselling.view_queue": COUNSELLOR | SUPERVISOR,
        "counselling.review_access_log": SUPERVISOR,
        "counselling.view_statistics": HQ_STAFF | SUPERVISOR,
        "counselling.manage_slots": COUNSELLOR,
        "counselling.set_allowance": HQ_STAFF,
    }


class CaseCounsellorPolicy(Policy):
    confidential = True
    model = "counselling.CaseCounsellor"
    view = "counselling.view_case_counsellor"
    actions = {"counselling.view_case_counsellor": Through("case", READS_CASE)}


class MessagePolicy(Policy):
    confidential = True
    model = "counselling.Message"
    view = "counselling.view_message"
    actions = {"counselling.view_message": Through("case", READS_CASE)}


class AttachmentPolicy(Policy):
    model = "counselling.Attachment"
    confidential = True
    view = "counselling.view_attachment"
    actions = {"counselling.view_attachment": Through("message__case", READS_CASE)}


class NotePolicy(Policy):
    confidential = True
    model = "counselling.Note"
    view = "counselling.view_note"
    actions = {"counselling.view_note": Through("case", READS_NOTES)}


class EscalationPolicy(Policy):
    confidential = True
    model = "counselling.Escalation"
    view = "counselling.view_escalation"
    actions = {"counselling.view_escalation": Through("case", READS_NOTES)}


# A participant sees the free slots of the counsellors on their open video case.
MY_COUNSELLOR = Through("counsellor", Has("counselling.CaseCounsellor", "counsellor", case__participant__person=USER,
                                           case__status=CaseStatus.OPEN, case__channel=Channel.VIDEO))


class SlotPolicy(Policy):
    confidential = True
    model = "counselling.Slot"
    view = "counselling.view_slot"
    actions = {
        "counselling.view_slot": IsUser("counsellor") | SUPERVISOR | MY_COUNSELLOR,
        "counselling.remove_slot": IsUser("counsellor"),
    }


class SessionPolicy(Policy):
    confidential = True
    model = "counselling.Session"
    view = "counselling.view_session"
    actions = {
        "counselling.view_session": Through("case", READS_CASE),
        "counselling.cancel_session": Through("case", OWN | ON_CASE),
        "counselling.record_session": Through("case", ON_CASE),
    }


class AllowancePolicy(Policy):
    model = "counselling.Allowance"
    view = "counselling.view_allowance"
    actions = {"counselling.view_allowance": SIGNED_IN}


for _policy in (CasePolicy(), CaseCounsellorPolicy(), MessagePolicy(), AttachmentPolicy(), NotePolicy(),
                EscalationPolicy(), SlotPolicy(), SessionPolicy(), AllowancePolicy()):
    register(_policy)
