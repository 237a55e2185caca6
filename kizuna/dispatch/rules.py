"""Who may do what with experts and dispatches: the policies of the expert registry, experts' dates, dispatches,
and of the organisations a dispatch may be asked for.

A dispatch is the business of the organisation that hosts it (its working members, never a former member nor
the person who filed it once they have left), of the expert named on it, and of CLAIR, which runs dispatch.
An expert's profile and dates are the expert's own and CLAIR's.
"""

from kizuna.core.enums import LOCAL_GOVERNMENT_KINDS, OrgKind
from kizuna.core.policies import SIGNED_IN, Field, IsUser, Policy, Through, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, LOCAL_GOVERNMENT_STAFF, SUPERUSER, Who, is_office_staff

from .enums import APPLICATION_EDITABLE, APPLICATION_OPEN

OFFICE_STAFF = Who(is_office_staff)

HOST = WorksFor("host")
THE_EXPERT = IsUser("expert__person")
INVOLVED = HOST | THE_EXPERT | CLAIR_STAFF

OWN_PROFILE = IsUser("person")
EXPERT_VIEW = OWN_PROFILE | CLAIR_STAFF


class DispatchPolicy(Policy):
    model = "dispatch.Dispatch"
    view = "dispatch.view_dispatch"
    actions = {
        "dispatch.view_dispatch": INVOLVED,
        "dispatch.view_own_dispatches": SIGNED_IN,
        "dispatch.view_board": CLAIR_STAFF,
        "dispatch.request_dispatch": LOCAL_GOVERNMENT_STAFF | OFFICE_STAFF | SUPERUSER,
        "dispatch.assign_expert": HQ_STAFF,
        "dispatch.respond_offer": THE_EXPERT | SUPERUSER,
        "dispatch.file_report": THE_EXPERT | SUPERUSER,
        "dispatch.answer_survey": HOST | SUPERUSER,
        "dispatch.cancel_dispatch": HOST | HQ_STAFF,
        # The series of visits of an engagement: planned by the host or headquarters (services.plan_visit).
        "dispatch.plan_visits": HOST | HQ_STAFF,
        # Photos and documents of the report (services.add_report_files).
        "dispatch.add_report_files": THE_EXPERT | SUPERUSER,
    }


class HostPolicy(Policy):
    """For whom a dispatch may be asked: a local government or association the person works for, or — by the
    staff of an overseas office — a foreign local government (which asks for a cooperation expert through the
    office that covers it). A policy about organisations; their own visibility is the core's."""

    model = "core.Organisation"
    actions = {
        "dispatch.request_dispatch_for": (
            WorksFor("pk", kinds=LOCAL_GOVERNMENT_KINDS | {OrgKind.ASSOCIATION})
            | (Field("kind", OrgKind.FOREIGN_GOVERNMENT) & OFFICE_STAFF)
            | SUPERUSER
        ),
    }


class ExpertPolicy(Policy):
    """The registry is CLAIR's; an expert sees and keeps their own profile, headquarters edits any. The fee
    statements are the expert's own and headquarters' (its accounting), not the branches' or offices'."""

    model = "dispatch.Expert"
    view = "dispatch.view_expert"
    actions = {
        "dispatch.view_expert": EXPERT_VIEW,
        "dispatch.view_experts": CLAIR_STAFF,
        "dispatch.edit_expert": OWN_PROFILE | HQ_STAFF,
        # The monthly fee statements: an expert's own, and every expert's for headquarters' accounting.
        "dispatch.view_statement": OWN_PROFILE | HQ_STAFF,
        "dispatch.view_statements": HQ_STAFF,
    }


class ExpertDatePolicy(Policy):
    """The dates an expert can or cannot go: seen with the expert's profile."""

    model = "dispatch.ExpertDate"
    view = "dispatch.view_expert_date"
    actions = {"dispatch.view_expert_date": Through("expert", EXPERT_VIEW)}


class VisitPolicy(Policy):
    """A visit of an engagement: seen with its dispatch; the expert reports it, the host or headquarters
    cancels it."""

    model = "dispatch.Visit"
    view = "dispatch.view_visit"
    actions = {
        "dispatch.view_visit": Through("dispatch", INVOLVED),
        "dispatch.file_visit_report": Through("dispatch", THE_EXPERT) | SUPERUSER,
        "dispatch.cancel_visit": Through("dispatch", HOST) | HQ_STAFF,
    }


class ReportFilePolicy(Policy):
    """The photos and documents of a report: served only to those who may open the dispatch; added by the
    expert (services.add_report_files says when)."""

    model = "dispatch.ReportFile"
    view = "dispatch.view_report_file"
    actions = {"dispatch.view_report_file": Through("dispatch", INVOLVED)}


APPLICANT = IsUser("person")
APPLICATION_VIEW = APPLICANT | HQ_STAFF


class ExpertApplicationPolicy(Policy):
    """An application to join the expert bank: anyone signed in may apply; the applicant sees their own (never
    headquarters' notes) and edits it while it is a draft or returned; headquarters (which runs dispatch) vets."""

    model = "dispatch.ExpertApplication"
    view = "dispatch.view_expert_application"
    actions = {
        "dispatch.view_expert_application": APPLICATION_VIEW,
        "dispatch.apply_expert": SIGNED_IN,
        "dispatch.edit_expert_application": APPLICANT & Field("status", in_=APPLICATION_EDITABLE),
        "dispatch.submit_expert_application": APPLICANT,
        "dispatch.withdraw_expert_application": APPLICANT & Field("status", in_=APPLICATION_OPEN),
        "dispatch.view_expert_applications": HQ_STAFF,
        "dispatch.review_expert_application": HQ_STAFF,
    }


class ApplicationFilePolicy(Policy):
    """The references and qualifications of an application: served to the applicant and headquarters."""

    model = "dispatch.ApplicationFile"
    view = "dispatch.view_application_file"
    actions = {"dispatch.view_application_file": Through("application", APPLICATION_VIEW)}


for _policy in (DispatchPolicy(), HostPolicy(), ExpertPolicy(), ExpertDatePolicy(), VisitPolicy(),
                ReportFilePolicy(), ExpertApplicationPolicy(), ApplicationFilePolicy()):
    register(_policy)
