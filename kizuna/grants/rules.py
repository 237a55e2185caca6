"""Who may do what with grants: the policies of schemes, calls, applications and everything hanging on them.

A claim for a JET participant (a scheme with `claims_for_participants`) is an application of their contracting
organisation: the participant prepares it, follows it and may withdraw it; the organisation's staff file it.

An application is the business of the organisation that applies (its working members: not a former member,
not the organisation's JET participant) or of the person who applies, and of CLAIR. A reviewer sees an
application once they have declared no conflict of interest on it; whether they see *who* applies is one
permission, `grants.view_applicant`, which the pages, the API, the exports and the templates all ask.

Payments and change requests are the business of the grantee and CLAIR only: they are not part of what a
reviewer scores, and a change request names the person who asked for it (which would lift a blind review).

Superusers hold what CLAIR staff hold (`CLAIR_STAFF` and `HQ_STAFF` include them), not the applicant's or the
reviewer's permissions: they do not write applications, declare interests or score on anyone's behalf.
"""

from django.db.models import Q

from kizuna.core.policies import (
    ANYONE,
    SIGNED_IN,
    USER,
    Condition,
    Field,
    Has,
    IsOwnRecord,
    IsUser,
    Policy,
    Through,
    WorksFor,
    register,
)
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, working_orgs
from kizuna.core.threads import message_view
from kizuna.jet.queries import active_record

from .enums import AssignmentStatus


def participant_of(user):
    """The person's JET record while they are in the programme: a claim is made for one's own record only."""
    return active_record(user)


class MayApplyTo(Condition):
    """The call is published and its scheme takes individuals, or accepts the kind of an organisation the
    person works for (`Scheme.applicant_kinds` is a list, read in Python: there are a handful of schemes)."""

    def _scheme_ids(self, user) -> list[int]:
        from .models import Scheme  # models import core.policies, which the policies here are built on

        kinds = {o.kind for o in working_orgs(user)}
        if not kinds:
            return []
        return sorted(pk for pk, accepted, claims in Scheme.objects.values_list(
            "pk", "applicant_kinds", "claims_for_participants") if kinds & set(accepted or ()) and not claims)

    @staticmethod
    def _claims(user) -> bool:
        """A JET participant in the programme prepares claims for themselves (their organisation files them)."""
        return participant_of(user) is not None

    def q(self, user, prefix=""):
        if not user.is_authenticated:
            return False
        found = Q(**{f"{prefix}scheme__persons_may_apply": True})
        ids = self._scheme_ids(user)
        if ids:
            found |= Q(**{f"{prefix}scheme_id__in": ids})
        if self._claims(user):
            found |= Q(**{f"{prefix}scheme__claims_for_participants": True})
        return Q(**{f"{prefix}is_published": True}) & found

    def test(self, user, obj):
        if obj is None or not user.is_authenticated or not obj.is_published:
            return False
        scheme = obj.scheme
        if scheme.claims_for_participants:
            return self._claims(user)
        if scheme.persons_may_apply:
            return True
        return bool({o.kind for o in working_orgs(user)} & set(scheme.applicant_kinds or ()))

    def __repr__(self):
        return "MayApplyTo()"


# The applicant: the applying organisation's working members, or the applying person (exactly one of the two
# is set: the constraint `grants_application_one_applicant`).
APPLICANT = WorksFor("applicant") | IsUser("person")
# The JET participant a claim is for: prepares it with their contracting organisation (the applicant), follows
# it, may withdraw it; the organisation files it.
BENEFICIARY = IsOwnRecord("beneficiary", "jet.Participant")
# A reviewer of the application who declared no conflict of interest.
DECLARED_REVIEWER = Has("grants.Assignment", "application", reviewer=USER,
                        status__in=[AssignmentStatus.ACTIVE, AssignmentStatus.SCORED])

CALL_VIEW = Field("is_published", True) | CLAIR_STAFF
# CLAIR staff come first in the rules about applications: a list asks the parts of an OR in order and stops at
# the first that holds for every record, so that headquarters' lists build no query for the other parts.
APPLICATION_VIEW = CLAIR_STAFF | APPLICANT | BENEFICIARY | DECLARED_REVIEWER
# Blind review, one rule: the applicant's name (and partners) are seen by the applicant, CLAIR staff, and a
# reviewer who declared no conflict of interest on a call that is not reviewed blind.
APPLICANT_SHOWN = CLAIR_STAFF | APPLICANT | BENEFICIARY | (DECLARED_REVIEWER & Field("call__blind_review", False))
ASSIGNMENT_VIEW = IsUser("reviewer") | CLAIR_STAFF
GRANTEE_BUSINESS = CLAIR_STAFF | Through("application", APPLICANT | BENEFICIARY)


class SchemePolicy(Policy):
    """Schemes are public information (their figures are what applicants plan with); headquarters set them up.
    The list of a scheme's selected projects is public too."""

    model = "grants.Scheme"
    view = "grants.view_scheme"
    actions = {
        "grants.view_scheme": ANYONE,
        "grants.view_schemes": ANYONE,
        "grants.view_selected": ANYONE,
        "grants.manage_schemes": HQ_STAFF,
    }


class CriterionPolicy(Policy):
    """A scheme's scoring rubric is shown with the scheme."""

    model = "grants.Criterion"
    view = "grants.view_criterion"
    actions = {"grants.view_criterion": Through("scheme", SchemePolicy.actions["grants.view_scheme"])}


class CallPolicy(Policy):
    """A call is public once published; CLAIR staff see the ones in preparation. Headquarters run calls and
    assign reviewers; CLAIR staff follow the board and export it."""

    model = "grants.Call"
    view = "grants.view_call"
    actions = {
        "grants.view_call": CALL_VIEW,
        "grants.view_calls": ANYONE,
        "grants.start_application": MayApplyTo(),
        "grants.manage_calls": HQ_STAFF,
        "grants.assign_reviewers": HQ_STAFF,
        "grants.view_board": CLAIR_STAFF,
        "grants.export_call": CLAIR_STAFF,
    }


class QuestionPolicy(Policy):
    model = "grants.Question"
    view = "grants.view_question"
    actions = {"grants.view_question": Through("call", CALL_VIEW)}


class ApplicationPolicy(Policy):
    model = "grants.Application"
    view = "grants.view_application"
    # The history names the applicant's staff: a reviewer of a blind call reads the application, not its history.
    history = "grants.view_applicant"
    actions = {
        "grants.view_application": APPLICATION_VIEW,
        "grants.view_applicant": APPLICANT_SHOWN,
        "grants.view_own_applications": SIGNED_IN,
        "grants.change_application": APPLICANT | BENEFICIARY,
        "grants.submit_application": APPLICANT,
        "grants.withdraw_application": APPLICANT | BENEFICIARY,
        "grants.report_application": APPLICANT,
        "grants.request_change": APPLICANT,
        "grants.download_letter": APPLICANT | BENEFICIARY | CLAIR_STAFF,
        "grants.return_application": HQ_STAFF,
        # Asked on a call (the board's decisions) and on an application (the award and reject steps).
        "grants.decide_application": HQ_STAFF,
        "grants.accept_report": HQ_STAFF,
        "grants.prepare_payment": HQ_STAFF,
        "grants.schedule_interim": HQ_STAFF,
        # The thread with CLAIR (kizuna/core/threads): the applicant's side and CLAIR staff, not a reviewer (who
        # scores what was submitted; the messages name the applicant's people, which a blind review hides).
        # Headquarters, who run the calls, answer and write internal notes; every CLAIR staff member reads them.
        "grants.view_messages": CLAIR_STAFF | APPLICANT | BENEFICIARY,
        "grants.write_message": HQ_STAFF | APPLICANT | BENEFICIARY,
        "grants.note_application": HQ_STAFF,
        # Settling: the grantee asks for payments (請求書); headquarters order refunds (返還請求).
        "grants.view_settlement": APPLICANT | BENEFICIARY | CLAIR_STAFF,
        "grants.request_payment": APPLICANT,
        "grants.order_refund": HQ_STAFF,
    }


class CostLinePolicy(Policy):
    model = "grants.CostLine"
    view = "grants.view_costline"
    actions = {"grants.view_costline": Through("application", APPLICATION_VIEW)}


class IncomeLinePolicy(Policy):
    """The income side of the budget is part of the application: whoever reads the application reads it."""

    model = "grants.IncomeLine"
    view = "grants.view_incomeline"
    actions = {"grants.view_incomeline": Through("application", APPLICATION_VIEW)}


class ApplicationRoundPolicy(Policy):
    model = "grants.ApplicationRound"
    view = "grants.view_applicationround"
    actions = {"grants.view_applicationround": Through("application", APPLICATION_VIEW)}


class AttachmentPolicy(Policy):
    model = "grants.Attachment"
    view = "grants.view_attachment"
    actions = {"grants.view_attachment": Through("application", APPLICATION_VIEW)}


class AssignmentPolicy(Policy):
    """An assignment is seen by its reviewer and CLAIR staff (never by the applicant). Only its reviewer
    declares their interests on it and, once they declared none, scores the application."""

    model = "grants.Assignment"
    view = "grants.view_assignment"
    actions = {
        "grants.view_assignment": ASSIGNMENT_VIEW,
        "grants.view_reviews": SIGNED_IN,
        "grants.declare_conflict": IsUser("reviewer"),
        "grants.score_application": IsUser("reviewer")
        & Field("status", in_={AssignmentStatus.ACTIVE, AssignmentStatus.SCORED}),
    }


class ScorePolicy(Policy):
    model = "grants.Score"
    view = "grants.view_score"
    actions = {"grants.view_score": Through("assignment", ASSIGNMENT_VIEW)}


class PaymentPolicy(Policy):
    """Headquarters prepare payments (on the application) and a second person of headquarters approves them."""

    model = "grants.Payment"
    view = "grants.view_payment"
    actions = {
        "grants.view_payment": GRANTEE_BUSINESS,
        "grants.approve_payment": HQ_STAFF,
    }


class ChangeRequestPolicy(Policy):
    """The grantee asks for a change (on the application); headquarters approve or refuse it."""

    model = "grants.ChangeRequest"
    view = "grants.view_changerequest"
    actions = {
        "grants.view_changerequest": GRANTEE_BUSINESS,
        "grants.decide_change": HQ_STAFF,
    }


class InterimReportPolicy(Policy):
    """An interim report is the grantee's business and CLAIR's: the grantee's staff send it, headquarters accept
    or return it; CLAIR staff follow the ones still owed (and overdue) across calls."""

    model = "grants.InterimReport"
    view = "grants.view_interimreport"
    actions = {
        "grants.view_interimreport": GRANTEE_BUSINESS,
        "grants.view_interim_reports": CLAIR_STAFF,
        "grants.submit_interim": Through("application", APPLICANT),
        "grants.answer_interim": HQ_STAFF,
    }


class RefundOrderPolicy(Policy):
    """A refund order is the grantee's business and CLAIR's: headquarters issue it (on the application), record
    the refund received or cancel it; CLAIR staff follow the orders waiting (and overdue) across calls."""

    model = "grants.RefundOrder"
    view = "grants.view_refundorder"
    actions = {
        "grants.view_refundorder": GRANTEE_BUSINESS,
        "grants.view_refund_orders": CLAIR_STAFF,
        "grants.record_refund": HQ_STAFF,
    }


class PaymentRequestPolicy(Policy):
    """The grantee's payment requests (請求書, on the application); headquarters accept or return them."""

    model = "grants.PaymentRequest"
    view = "grants.view_paymentrequest"
    actions = {
        "grants.view_paymentrequest": GRANTEE_BUSINESS,
        "grants.answer_payment_request": HQ_STAFF,
    }


class ApplicationMessagePolicy(Policy):
    """A message of an application's thread: CLAIR staff read every one, the applicant's side all but CLAIR's
    internal notes (the one rule of kizuna/core/threads); a reviewer none."""

    model = "grants.ApplicationMessage"
    view = "grants.view_applicationmessage"
    actions = {
        "grants.view_applicationmessage": message_view(staff=CLAIR_STAFF,
                                                       parties=Through("application", APPLICANT | BENEFICIARY)),
    }


class LetterSequencePolicy(Policy):
    """The register of letter numbers: headquarters' business."""

    model = "grants.LetterSequence"
    view = "grants.view_lettersequence"
    actions = {"grants.view_lettersequence": HQ_STAFF}


for _policy in (SchemePolicy(), CriterionPolicy(), CallPolicy(), QuestionPolicy(), ApplicationPolicy(),
                CostLinePolicy(), IncomeLinePolicy(), ApplicationRoundPolicy(), AttachmentPolicy(), AssignmentPolicy(),
                ScorePolicy(), PaymentPolicy(), ChangeRequestPolicy(), InterimReportPolicy(), LetterSequencePolicy(),
                ApplicationMessagePolicy(), RefundOrderPolicy(), PaymentRequestPolicy()):
    register(_policy)
