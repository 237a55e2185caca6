"""Who may see and do what with the social-media calendar.

Everyone at CLAIR (headquarters, branches, overseas offices) reads the calendar, the accounts and their figures:
posts stay internal pages even once posted. The working members of the organisation that holds an account (an
office, or headquarters for CLAIR's own accounts) plan, edit, send for review, mark as posted and enter figures.
The holder's administrators and headquarters staff approve or return a post; the services add four eyes (nobody
approves a post they sent for review themselves), so an office with a single member has its posts approved by
headquarters. Local governments (and associations, and CLAIR's branches for their events) ask an office to promote
an event or news and see their own requests; the office asked (and headquarters) decide.
"""

from kizuna.core.enums import Role
from kizuna.core.policies import Field, Policy, Through, Who, WorksFor, register
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, working_orgs

from .enums import HOLDER_KINDS, REQUESTER_KINDS, PostStatus


def holds_accounts(user) -> bool:
    """Works for headquarters or an overseas office (the organisations that hold accounts)."""
    return bool(working_orgs(user, HOLDER_KINDS))


def asks_for_promotion(user) -> bool:
    return bool(working_orgs(user, REQUESTER_KINDS))


HOLDER = WorksFor("holder")
HOLDER_ADMIN = WorksFor("holder", roles={Role.ADMIN})
POST_HOLDER = Through("account", HOLDER)
APPROVER = Through("account", HOLDER_ADMIN) | HQ_STAFF
POSTED = Field("status", PostStatus.POSTED)


class AccountPolicy(Policy):
    model = "social.Account"
    view = "social.view_account"
    actions = {
        "social.view_account": CLAIR_STAFF,
        "social.view_calendar": CLAIR_STAFF,
        "social.add_account": Who(holds_accounts, "holds_accounts") | HQ_STAFF,
        "social.manage_account": HOLDER_ADMIN | HQ_STAFF,
        # Plan a post on it, record its followers, import its figures: the holder's working members.
        "social.plan_post": HOLDER & Field("is_active", True),
        "social.record_followers": HOLDER | HQ_STAFF,
        "social.import_figures": HOLDER | HQ_STAFF,
    }


class AccountFigurePolicy(Policy):
    model = "social.AccountFigure"
    view = "social.view_account_figure"
    actions = {"social.view_account_figure": CLAIR_STAFF}


class PostPolicy(Policy):
    model = "social.Post"
    view = "social.view_post"
    actions = {
        "social.view_post": CLAIR_STAFF,
        "social.edit_post": POST_HOLDER & Field("status", PostStatus.DRAFT),
        "social.draft_post": POST_HOLDER,
        "social.approve_post": APPROVER,
        "social.record_figures": POSTED & (POST_HOLDER | HQ_STAFF),
    }


REQUESTER = WorksFor("requester")
OFFICE = WorksFor("office")


class PromotionRequestPolicy(Policy):
    model = "social.PromotionRequest"
    view = "social.view_promotion"
    actions = {
        "social.view_promotion": REQUESTER | OFFICE | HQ_STAFF,
        "social.view_promotions": Who(asks_for_promotion, "asks_for_promotion") | HQ_STAFF,
        "social.file_promotion": Who(asks_for_promotion, "asks_for_promotion"),
        "social.decide_promotion": OFFICE | HQ_STAFF,
    }


for _policy in (AccountPolicy, AccountFigurePolicy, PostPolicy, PromotionRequestPolicy):
    register(_policy())
