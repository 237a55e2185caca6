"""Who may see and do what with the sister-city registry.

The registry is public: anyone, signed in or not, reads the affiliations, the partners, the counts, the map and
the open data. Its history (who changed what) and the agreement documents are for CLAIR headquarters and the
local government concerned (and its prefecture). Only headquarters staff change the registry: they approve the
local governments' proposals (which applies them), record an affiliation as lapsed or dissolved, and import a
spreadsheet. A local government's working members propose additions and changes for their own government; a
prefecture's staff may also propose for the municipalities of their prefecture (prefectures gather their
municipalities' answers to CLAIR's yearly survey, so they are trusted with them already), and read those
proposals. The "looking for a partner" list: each local government keeps its own entry; the published entries
are public.
"""

from kizuna.core.enums import OrgKind
from kizuna.core.policies import ANYONE, Field, Policy, Who, WorksFor, register
from kizuna.core.rules import HQ_STAFF, working_orgs

from .enums import HOLDER_KINDS, ProposalStatus


def proposes(user) -> bool:
    """Works for a prefecture, a municipality or a ward."""
    return bool(working_orgs(user, HOLDER_KINDS))


PROPOSES = Who(proposes, "proposes")
HOLDER = WorksFor("local_government", kinds=HOLDER_KINDS)
# The prefecture of the local government (a prefecture's own `prefecture` is itself).
ITS_PREFECTURE = WorksFor("local_government__prefecture", kinds={OrgKind.PREFECTURE})
CONCERNED = HOLDER | ITS_PREFECTURE


class ForeignPartnerPolicy(Policy):
    model = "exchange.ForeignPartner"
    view = "exchange.view_partner"
    actions = {
        "exchange.view_partner": ANYONE,
        "exchange.view_registry": ANYONE,
        "exchange.import_affiliations": HQ_STAFF,
    }


class AffiliationPolicy(Policy):
    model = "exchange.Affiliation"
    view = "exchange.view_affiliation"
    history = "exchange.view_affiliation_history"
    actions = {
        "exchange.view_affiliation": ANYONE,
        "exchange.view_affiliation_history": CONCERNED | HQ_STAFF,
        "exchange.view_agreement": CONCERNED | HQ_STAFF,
        "exchange.manage_affiliation": HQ_STAFF,
        "exchange.propose_change": CONCERNED,
    }


class ProposalPolicy(Policy):
    model = "exchange.Proposal"
    view = "exchange.view_proposal"
    actions = {
        "exchange.view_proposal": CONCERNED | HQ_STAFF,
        "exchange.view_proposals": PROPOSES | HQ_STAFF,
        "exchange.propose": PROPOSES,
        "exchange.decide_proposal": HQ_STAFF,
        "exchange.edit_proposal": CONCERNED & Field("status", ProposalStatus.RETURNED),
    }


class PartnerWantedPolicy(Policy):
    model = "exchange.PartnerWanted"
    view = "exchange.view_wanted"
    actions = {
        "exchange.view_wanted": Field("is_published", True) | HOLDER | HQ_STAFF,
        "exchange.edit_wanted": HOLDER | HQ_STAFF,
        "exchange.add_wanted": PROPOSES,
    }


for _policy in (ForeignPartnerPolicy, AffiliationPolicy, ProposalPolicy, PartnerWantedPolicy):
    register(_policy())
