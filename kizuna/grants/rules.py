"""Who may do what with grants. One permission per action; pages, API and templates ask for the same name."""

import rules

from kizuna.core.rules import everyone, is_authenticated, is_clair_staff, is_hq_staff, working_orgs

from .enums import AssignmentStatus


@rules.predicate
def is_applicant_member(user, application) -> bool:
    """Works for the applying organisation (colleagues share the draft), or is the applying person."""
    if application is None or not user.is_authenticated:
        return False
    if application.person_id is not None:
        return application.person_id == user.pk
    return any(o.pk == application.applicant_id for o in working_orgs(user))


@rules.predicate
def may_apply_to(user, call) -> bool:
    """Works for an organisation of a kind the call's scheme accepts (or the scheme takes individuals)."""
    if call is None or not user.is_authenticated:
        return False
    if call.scheme.persons_may_apply:
        return True
    kinds = set(call.scheme.applicant_kinds)
    return any(o.kind in kinds for o in working_orgs(user))


def _assignment(user, application):
    if application is None or not user.is_authenticated:
        return None
    cached = getattr(application, "_assignment_of", {})
    if user.pk not in cached:
        cached[user.pk] = application.assignments.filter(reviewer=user).first()
        application._assignment_of = cached
    return cached[user.pk]


@rules.predicate
def has_declared_no_conflict(user, application) -> bool:
    found = _assignment(user, application)
    return found is not None and found.status in (AssignmentStatus.ACTIVE, AssignmentStatus.SCORED)


@rules.predicate
def is_own_assignment(user, assignment) -> bool:
    return assignment is not None and assignment.reviewer_id == user.pk


rules.add_perm("grants.view_calls", everyone)
rules.add_perm("grants.view_call", everyone)
rules.add_perm("grants.view_selected", everyone)
rules.add_perm("grants.view_own_applications", is_authenticated)
rules.add_perm("grants.start_application", may_apply_to)
rules.add_perm("grants.view_application", is_applicant_member | is_clair_staff | has_declared_no_conflict)
rules.add_perm("grants.change_application", is_applicant_member)
rules.add_perm("grants.submit_application", is_applicant_member)
rules.add_perm("grants.withdraw_application", is_applicant_member)
rules.add_perm("grants.report_application", is_applicant_member)
rules.add_perm("grants.download_letter", is_applicant_member | is_clair_staff)
rules.add_perm("grants.return_application", is_hq_staff)
rules.add_perm("grants.decide_application", is_hq_staff)
rules.add_perm("grants.accept_report", is_hq_staff)
rules.add_perm("grants.prepare_payment", is_hq_staff)
rules.add_perm("grants.request_change", is_applicant_member)
rules.add_perm("grants.decide_change", is_hq_staff)
rules.add_perm("grants.approve_payment", is_hq_staff)
rules.add_perm("grants.manage_schemes", is_hq_staff)
rules.add_perm("grants.manage_calls", is_hq_staff)
rules.add_perm("grants.assign_reviewers", is_hq_staff)
rules.add_perm("grants.view_board", is_clair_staff)
rules.add_perm("grants.export_call", is_clair_staff)
rules.add_perm("grants.view_reviews", is_authenticated)
rules.add_perm("grants.declare_conflict", is_own_assignment)
rules.add_perm("grants.score_application", has_declared_no_conflict)
