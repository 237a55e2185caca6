"""Who may do what with requests to overseas offices."""

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


def _member_of(attr):
    @rules.predicate(name=f"is_{attr}_member")
    def predicate(user, request) -> bool:
        return request is not None and is_working_member(user, getattr(request, attr))

    return predicate


is_requester_member = _member_of("requester")
is_branch_member = _member_of("branch")
is_office_member = _member_of("office")


@rules.predicate
def is_research(user, request) -> bool:
    return request is not None and request.kind == "research"


@rules.predicate
def is_queue_office_member(user, office) -> bool:
    return office is not None and is_working_member(user, office)


staff_on_it = is_office_member | is_branch_member | is_hq_staff
involved = is_requester_member | staff_on_it | is_superuser

rules.add_perm("requests.view_own_requests", is_authenticated)
rules.add_perm("requests.file_request", is_local_government_staff | is_superuser)
rules.add_perm("requests.view_request", involved)
rules.add_perm("requests.reply_request", is_requester_member | is_office_member | is_hq_staff)
rules.add_perm("requests.note_request", staff_on_it)
rules.add_perm("requests.endorse_request", is_branch_member | is_superuser)
rules.add_perm("requests.accept_request", is_hq_staff)
rules.add_perm("requests.decline_request", staff_on_it)
rules.add_perm("requests.work_request", is_office_member | is_superuser)
rules.add_perm("requests.resume_request", is_office_member | is_requester_member | is_superuser)
rules.add_perm("requests.hand_over_request", is_office_member | is_hq_staff)
rules.add_perm("requests.rate_request", is_requester_member | is_superuser)
rules.add_perm("requests.withdraw_request", is_requester_member | is_superuser)
rules.add_perm("requests.publish_request", is_research & (is_office_member | is_hq_staff))
rules.add_perm("requests.view_queues", is_office_staff | is_hq_staff)
rules.add_perm("requests.view_queue", is_queue_office_member | is_hq_staff)
rules.add_perm("requests.edit_office_hours", is_queue_office_member | is_hq_staff)
rules.add_perm("requests.view_research", rules.always_allow)
rules.add_perm("requests.export_research", is_clair_staff)
