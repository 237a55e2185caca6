"""Who sees and does what in the JET Programme.

A participant's record is seen by the participant, the working members (JET supervisors, 担当者) of their
contracting organisation, the PAs of its coordinating body, and CLAIR headquarters; nobody else (DOMAIN.md:
personal data minimised). The contracting organisation and headquarters keep the record; a PA supports.
"""

from kizuna.core.enums import Role
from kizuna.core.policies import SIGNED_IN, IsOwnRecord, IsUser, Policy, Through, Who, WorksFor, register
from kizuna.core.rules import HQ_STAFF, is_hq_staff, memberships_of

from .models import JetHost

PA = frozenset({Role.PA})


def _jet_host_ids(user) -> set[int]:
    """The contracting organisations among the person's organisations (one query, kept on the user object)."""
    cached = getattr(user, "_kizuna_jet_hosts", None)
    if cached is None:
        orgs = [m.organisation_id for m in memberships_of(user)]
        cached = set(JetHost.objects.filter(organisation_id__in=orgs).values_list("organisation_id", flat=True))
        user._kizuna_jet_hosts = cached
    return cached


def is_jet_staff(user) -> bool:
    """Works with JET participants: headquarters, a PA, or a working member of a contracting organisation."""
    if is_hq_staff(user):
        return True
    memberships = memberships_of(user)
    if any(m.role == Role.PA for m in memberships):
        return True
    working = {m.organisation_id for m in memberships if m.role in (Role.ADMIN, Role.STAFF)}
    # no working membership (an alumnus, a participant): no question to the database on every page's menu
    return bool(working) and bool(working & _jet_host_ids(user))


def administers_a_host(user) -> bool:
    """An administrator of a contracting organisation: imports its placements and invites its participants."""
    admin_of = {m.organisation_id for m in memberships_of(user) if m.role == Role.ADMIN}
    return bool(admin_of & _jet_host_ids(user))


JET_STAFF = Who(is_jet_staff, "jet_staff")
HOST_ADMIN = Who(administers_a_host, "host_admin")
SUPERVISOR = WorksFor("host__organisation")
PA_OF_BODY = WorksFor("host__coordinating_body", roles=PA)
# Headquarters, the participant's supervisors, their coordinating body's PAs, and the participant themselves:
# their own record by id (`IsUser("person")` ORed with the others kept every supervisor's and PA's list from the
# indexes), asked last, so that headquarters, who see everything, never look it up.
SEES_PARTICIPANT = HQ_STAFF | SUPERVISOR | PA_OF_BODY | IsOwnRecord("", "jet.Participant")
KEEPS_PARTICIPANT = SUPERVISOR | HQ_STAFF
OWN_RECORD = IsOwnRecord("participant", "jet.Participant")  # a record about the person's own participation


class ParticipantPolicy(Policy):
    model = "jet.Participant"
    view = "jet.view_participant"
    actions = {
        "jet.view_participant": SEES_PARTICIPANT,
        "jet.manage_participant": KEEPS_PARTICIPANT,
        "jet.view_roster": JET_STAFF,
        "jet.add_participant": HQ_STAFF,
        "jet.import_participants": HQ_STAFF | HOST_ADMIN,
        "jet.view_own_record": SIGNED_IN,
    }


class JetHostPolicy(Policy):
    """Which bodies take participants is no secret to the people who work with JET; headquarters keeps it."""

    model = "jet.JetHost"
    view = "jet.view_host"
    actions = {
        "jet.view_host": WorksFor("organisation") | WorksFor("coordinating_body", roles=PA) | HQ_STAFF,
        "jet.manage_host": WorksFor("organisation") | HQ_STAFF,
        "jet.manage_hosts": HQ_STAFF,
        "jet.place_participants": WorksFor("organisation", roles=frozenset({Role.ADMIN})) | HQ_STAFF,
    }


class WorkplacePolicy(Policy):
    model = "jet.Workplace"
    view = "jet.view_workplace"
    actions = {"jet.view_workplace": Through("host", JetHostPolicy.actions["jet.view_host"])}


class AppointmentPolicy(Policy):
    model = "jet.Appointment"
    view = "jet.view_appointment"
    actions = {"jet.view_appointment": Through("participant", SEES_PARTICIPANT)}


class TransferPolicy(Policy):
    model = "jet.Transfer"
    view = "jet.view_transfer"
    actions = {"jet.view_transfer": Through("participant", SEES_PARTICIPANT)}


for _policy in (ParticipantPolicy(), JetHostPolicy(), WorkplacePolicy(), AppointmentPolicy(), TransferPolicy()):
    register(_policy)


# Safety confirmation (安否確認) ------------------------------------------------------------------------------
# Answers are seen by headquarters, the PAs of the participant's coordinating body and the supervisors of their
# contracting organisation, nobody else; a confirmation by whoever sees one of its answers (or started it).
from kizuna.core.enums import WORKING_ROLES  # noqa: E402
from kizuna.core.policies import ANYONE, USER, Has  # noqa: E402


def is_pa(user) -> bool:
    return any(m.role == Role.PA for m in memberships_of(user))


def _answer_of(path: str, roles) -> Has:
    """The confirmation has an answer whose `path` organisation the person acts for in one of `roles`."""
    return Has("jet.SafetyAnswer", "confirmation", **{f"{path}__memberships__person": USER,
                                                      f"{path}__memberships__role__in": sorted(roles),
                                                      f"{path}__memberships__ended_at": None})


SAFETY_PA_OF_BODY = WorksFor("coordinating_body", roles=PA)
SEES_SAFETY_ANSWER = WorksFor("host__organisation") | SAFETY_PA_OF_BODY | HQ_STAFF
RUNS_CONFIRMATION = HQ_STAFF | WorksFor("body", roles=PA) | _answer_of("coordinating_body", PA)


class SafetyConfirmationPolicy(Policy):
    model = "jet.SafetyConfirmation"
    view = "jet.view_safety_confirmation"
    actions = {
        "jet.view_safety_confirmation": RUNS_CONFIRMATION | _answer_of("host__organisation", WORKING_ROLES),
        "jet.view_safety_confirmations": JET_STAFF,
        "jet.start_safety_confirmation": HQ_STAFF | Who(is_pa, "pa"),
        # Remind those who have not answered: headquarters and the PAs of the bodies concerned.
        "jet.remind_safety_confirmation": RUNS_CONFIRMATION,
        # Close it for everyone: whoever started it (headquarters, or the PAs of the body it was started for).
        "jet.close_safety_confirmation": HQ_STAFF | WorksFor("body", roles=PA),
    }


class SafetyAnswerPolicy(Policy):
    model = "jet.SafetyAnswer"
    view = "jet.view_safety_answer"
    actions = {
        "jet.view_safety_answer": SEES_SAFETY_ANSWER,
        # Anyone holding the signed link of an open confirmation (kizuna/jet/safety.py decides): no password.
        "jet.answer_safety": ANYONE,
    }


register(SafetyConfirmationPolicy())
register(SafetyAnswerPolicy())


# Reappointment round (再任用) ---------------------------------------------------------------------------------
# A participant's row is seen by the participant, the supervisors of their contracting organisation, the PAs of
# its coordinating body and headquarters; the supervisors decide, the PAs (or headquarters) confirm. A round is
# seen by whoever sees one of its rows; headquarters opens and closes it.
from kizuna.core.policies import Field  # noqa: E402


def _intention_of(path: str, roles) -> Has:
    """The round has a row whose `path` organisation the person acts for in one of `roles`."""
    return Has("jet.ReappointmentIntention", "round", **{f"{path}__memberships__person": USER,
                                                         f"{path}__memberships__role__in": sorted(roles),
                                                         f"{path}__memberships__ended_at": None})


ROUND_PA = _intention_of("coordinating_body", PA)
INTENTION_SUPERVISOR = WorksFor("host__organisation")
INTENTION_PA = WorksFor("coordinating_body", roles=PA)


class ReappointmentRoundPolicy(Policy):
    model = "jet.ReappointmentRound"
    view = "jet.view_reappointment_round"
    actions = {
        "jet.view_reappointment_round": HQ_STAFF | ROUND_PA | _intention_of("host__organisation", WORKING_ROLES),
        "jet.view_reappointment_rounds": JET_STAFF,
        "jet.open_reappointment_round": HQ_STAFF,
        "jet.close_reappointment_round": HQ_STAFF & Field("status", "open"),
        # "Confirm all agreed": headquarters, and the PAs of a coordinating body with rows in the round.
        "jet.confirm_reappointments": (HQ_STAFF | ROUND_PA) & Field("status", "open"),
    }


class ReappointmentIntentionPolicy(Policy):
    model = "jet.ReappointmentIntention"
    view = "jet.view_reappointment_intention"
    actions = {
        "jet.view_reappointment_intention": OWN_RECORD | INTENTION_SUPERVISOR | INTENTION_PA
        | HQ_STAFF,
        "jet.state_intention": OWN_RECORD | INTENTION_SUPERVISOR,
        "jet.decide_reappointment": INTENTION_SUPERVISOR,
        "jet.confirm_reappointment": INTENTION_PA | HQ_STAFF,
    }


register(ReappointmentRoundPolicy())
register(ReappointmentIntentionPolicy())


class PlacesAdjustmentPolicy(Policy):
    """Seen by those who see the contracting organisation's line of the outcome; recorded by headquarters (the
    contracting organisation agrees it with them)."""

    model = "jet.PlacesAdjustment"
    view = "jet.view_places_adjustment"
    actions = {
        "jet.view_places_adjustment": WorksFor("host__organisation") | WorksFor("host__coordinating_body", roles=PA)
        | HQ_STAFF,
        "jet.adjust_places": HQ_STAFF,
    }


register(PlacesAdjustmentPolicy())


# Leaving (離任) --------------------------------------------------------------------------------------------------
# The checklist is seen by whoever sees the participant's record; the participant ticks their own items, the
# contracting organisation's supervisors theirs, headquarters either. The participant alone answers the alumni
# question.
from .enums import LEAVING_STATES, LeavingSide  # noqa: E402

LEAVING = Field("status", in_=LEAVING_STATES)


class LeavingTaskPolicy(Policy):
    model = "jet.LeavingTask"
    view = "jet.view_leaving_task"
    actions = {
        "jet.view_leaving_task": Through("participant", SEES_PARTICIPANT),
        "jet.tick_leaving_task": (Field("side", LeavingSide.PARTICIPANT) & OWN_RECORD)
        | (Field("side", LeavingSide.HOST) & Through("participant", SUPERVISOR)) | HQ_STAFF,
    }


class AlumniConsentPolicy(Policy):
    model = "jet.AlumniConsent"
    view = "jet.view_alumni_consent"
    actions = {"jet.view_alumni_consent": Through("participant", SEES_PARTICIPANT)}


class LeavingPolicy(Policy):
    """The leaving page of a participant who is leaving or has left."""

    actions = {
        "jet.view_leaving": SEES_PARTICIPANT & LEAVING,
        "jet.answer_alumni_consent": IsUser("person") & LEAVING,
    }


register(LeavingTaskPolicy())
register(AlumniConsentPolicy())
register(LeavingPolicy())
