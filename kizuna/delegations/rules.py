"""Who may see and do what with delegations.

Everyone at CLAIR reads the programmes, the delegations and their members (names, roles, travel and hotel).
Headquarters set up a programme for an event; headquarters and the overseas offices register delegations, the
office choosing itself as the handler. The handling staff — headquarters and the working members of the office
that handles a delegation — manage it (members, visits, states) and print its badges, list and itinerary; they
alone see the members' dietary and accessibility needs (a member's history says only that they changed).
A host local government sees the visits to it, with who comes, and nothing of the members' needs.
"""

from kizuna.core.policies import Policy, Through, Who, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, LOCAL_GOVERNMENT_STAFF, is_office_staff

HANDLERS = HQ_STAFF | WorksFor("handled_by")
DELEGATION_HANDLERS = Through("delegation", HANDLERS)
REGISTERS = HQ_STAFF | Who(is_office_staff)


class ProgrammePolicy(Policy):
    model = "delegations.Programme"
    view = "delegations.view_programme"
    actions = {
        "delegations.view_programme": CLAIR_STAFF,
        "delegations.view_programmes": CLAIR_STAFF,
        "delegations.add_programme": HQ_STAFF,
        "delegations.manage_programme": HQ_STAFF,
        "delegations.add_delegation": REGISTERS,
        # The whole programme's badges and delegation list (every office's delegations): headquarters.
        "delegations.print_programme": HQ_STAFF,
    }


class DelegationPolicy(Policy):
    model = "delegations.Delegation"
    view = "delegations.view_delegation"
    actions = {
        "delegations.view_delegation": CLAIR_STAFF,
        "delegations.manage_delegation": HANDLERS,
        "delegations.view_needs": HANDLERS,
        "delegations.print_delegation": HANDLERS,
    }


class MemberPolicy(Policy):
    model = "delegations.Member"
    view = "delegations.view_member"
    actions = {"delegations.view_member": CLAIR_STAFF}


class VisitPolicy(Policy):
    model = "delegations.Visit"
    view = "delegations.view_visit"
    actions = {
        "delegations.view_visit": CLAIR_STAFF | WorksFor("host"),
        "delegations.view_visits": CLAIR_STAFF | LOCAL_GOVERNMENT_STAFF,
        "delegations.manage_visit": DELEGATION_HANDLERS,
    }


for _policy in (ProgrammePolicy, DelegationPolicy, MemberPolicy, VisitPolicy):
    register(_policy())
