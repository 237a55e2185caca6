"""Who may do what with the award.

A round is public once its call is published, and its winners once headquarters publish them. A nomination is
the business of the body that proposes it (its working members), of the prefecture it is sent through for
endorsement, and of CLAIR; judges never open it: they judge the grants application it becomes, through the grants
reviewers' pages, where a blind round hides who nominated (`grants.view_applicant`)."""

from kizuna.core.policies import ANYONE, SIGNED_IN, Field, Policy, Through, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF
from kizuna.grants.rules import CALL_VIEW, MayApplyTo

from .enums import OPEN

ROUND_VIEW = Through("call", CALL_VIEW) | Field("is_published", True)
PROPOSER = WorksFor("proposer")
NOMINATION_VIEW = CLAIR_STAFF | PROPOSER | WorksFor("prefecture")


class RoundPolicy(Policy):
    """Local governments and associations nominate in a round whose call is open to their kind; headquarters
    run it (eligibility, judges, the panel's decision, publication); CLAIR staff follow the panel."""

    model = "awards.Round"
    view = "awards.view_round"
    actions = {
        "awards.view_round": ROUND_VIEW,
        "awards.view_rounds": ANYONE,
        "awards.view_winners": ANYONE,
        "awards.nominate": Through("call", MayApplyTo()),
        "awards.manage_round": HQ_STAFF,
        "awards.assign_judges": HQ_STAFF,
        "awards.view_panel": CLAIR_STAFF,
        "awards.decide_winners": HQ_STAFF,
        "awards.publish_round": HQ_STAFF,
    }


class NominationPolicy(Policy):
    model = "awards.Nomination"
    view = "awards.view_nomination"
    actions = {
        "awards.view_nomination": NOMINATION_VIEW,
        "awards.view_nominations": SIGNED_IN,
        "awards.change_nomination": PROPOSER & Field("status", in_=OPEN),
        "awards.send_nomination": PROPOSER,
        "awards.endorse_nomination": WorksFor("prefecture"),
        "awards.check_eligibility": HQ_STAFF,
    }


for _policy in (RoundPolicy(), NominationPolicy()):
    register(_policy)
