"""Who may do what with experts and dispatches."""

import rules

from kizuna.core.rules import (
    is_authenticated,
    is_clair_staff,
    is_hq_staff,
    is_local_government_staff,
    is_office_staff,
    is_superuser,
    is_working_member,
)


@rules.predicate
def is_host_member(user, dispatch) -> bool:
    return dispatch is not None and is_working_member(user, dispatch.host)


@rules.predicate
def is_the_expert(user, dispatch) -> bool:
    return (dispatch is not None and dispatch.expert_id is not None and user.is_authenticated
            and dispatch.expert.person_id == user.pk)


@rules.predicate
def is_own_profile(user, expert) -> bool:
    return expert is not None and user.is_authenticated and expert.person_id == user.pk


rules.add_perm("dispatch.view_own_dispatches", is_authenticated)
rules.add_perm("dispatch.request_dispatch", is_local_government_staff | is_office_staff | is_superuser)
rules.add_perm("dispatch.view_dispatch", is_host_member | is_the_expert | is_clair_staff)
rules.add_perm("dispatch.assign_expert", is_hq_staff)
rules.add_perm("dispatch.respond_offer", is_the_expert | is_superuser)
rules.add_perm("dispatch.file_report", is_the_expert | is_superuser)
rules.add_perm("dispatch.answer_survey", is_host_member | is_superuser)
rules.add_perm("dispatch.cancel_dispatch", is_host_member | is_hq_staff)
rules.add_perm("dispatch.view_board", is_clair_staff)
rules.add_perm("dispatch.view_experts", is_clair_staff)
rules.add_perm("dispatch.view_expert", is_own_profile | is_clair_staff)
rules.add_perm("dispatch.edit_expert", is_own_profile | is_hq_staff)
