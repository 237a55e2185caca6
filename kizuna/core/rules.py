"""Who the person is (predicates every app shares), and the permission policies of the core's models.

Predicates look at the person's memberships, which are loaded once per request (`memberships_of` caches them
on the user object). What a person may do with records is decided by the policies (kizuna/core/policies.py):
each app's `rules.py` defines the policies of its models with the conditions there and these predicates.
"""

import rules
from django.db.models import Q

from .enums import CLAIR_KINDS, LOCAL_GOVERNMENT_KINDS, WORKING_ROLES, OrgKind, Role
from .policies import (
    ANYONE,
    NOBODY,
    SIGNED_IN,
    Condition,
    Field,
    IsUser,
    Not,
    Policy,
    Who,
    WorksFor,
    policy_for,
    register,
)


def memberships_of(user) -> list:
    """The person's active memberships with their organisations, cached on the user object."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_kizuna_memberships", None)
    if cached is None:
        from .models import Membership  # models import policies, which import this module

        cached = list(Membership.objects.active().filter(person=user).select_related("organisation"))
        user._kizuna_memberships = cached
    return cached


def forget_memberships(user) -> None:
    if hasattr(user, "_kizuna_memberships"):
        del user._kizuna_memberships


def working_orgs(user, kinds=None) -> list:
    return [
        m.organisation
        for m in memberships_of(user)
        if m.role in WORKING_ROLES and (kinds is None or m.organisation.kind in kinds)
    ]


@rules.predicate
def is_superuser(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


@rules.predicate
def is_clair_staff(user) -> bool:
    """Works for CLAIR: headquarters, a branch or an overseas office."""
    return is_superuser(user) or bool(working_orgs(user, CLAIR_KINDS))


@rules.predicate
def is_hq_staff(user) -> bool:
    return is_superuser(user) or bool(working_orgs(user, {OrgKind.HEADQUARTERS}))


@rules.predicate
def is_branch_staff(user) -> bool:
    return bool(working_orgs(user, {OrgKind.BRANCH}))


@rules.predicate
def is_office_staff(user) -> bool:
    return bool(working_orgs(user, {OrgKind.OVERSEAS_OFFICE}))


@rules.predicate
def is_local_government_staff(user) -> bool:
    return bool(working_orgs(user, LOCAL_GOVERNMENT_KINDS | {OrgKind.ASSOCIATION}))


@rules.predicate
def has_role(user, role) -> bool:
    return any(m.role == role for m in memberships_of(user))


@rules.predicate
def is_member(user, organisation) -> bool:
    return organisation is not None and any(
        m.organisation_id == organisation.pk for m in memberships_of(user)
    )


@rules.predicate
def is_working_member(user, organisation) -> bool:
    """Acts for the organisation (administrator or staff), as opposed to people attached to it."""
    return organisation is not None and any(
        m.organisation_id == organisation.pk and m.role in WORKING_ROLES for m in memberships_of(user)
    )


@rules.predicate
def is_org_admin(user, organisation) -> bool:
    return organisation is not None and any(
        m.organisation_id == organisation.pk and m.role == Role.ADMIN for m in memberships_of(user)
    )


is_authenticated = rules.is_authenticated

# The conditions of who someone is, for policies.
CLAIR_STAFF = Who(is_clair_staff)
HQ_STAFF = Who(is_hq_staff)
SUPERUSER = Who(is_superuser)
LOCAL_GOVERNMENT_STAFF = Who(is_local_government_staff)
ALL_ROLES = frozenset(Role.values)


class IsUserEmail(Condition):
    """The record's email field is the person's address (invitations before they are accepted)."""

    def __init__(self, path: str):
        self.path = path

    def q(self, user, prefix=""):

        if not user.is_authenticated or not user.email:
            return False
        return Q(**{f"{prefix}{self.path}__iexact": user.email})

    def test(self, user, obj):
        value = getattr(obj, self.path, None) if obj is not None else None
        return bool(value and user.is_authenticated and user.email and value.lower() == user.email.lower())


class MayOpen(Condition):
    """The person may read the record's history, by its own model's policy: its `history` permission, else its
    view permission."""

    def q(self, user, prefix=""):
        # Not a list condition (its records are of any model, each decided by its own policy): it narrows
        # nothing, so that "could anyone hold it" is answered by the rest of the condition.
        return True

    def test(self, user, obj):
        if obj is None:
            return False
        policy = policy_for(type(obj))
        return policy.allows(user, policy.history or policy.view, obj)


class HistoryPolicy(Policy):
    """The history of a record (who changed what) is read by the signed-in people who may open the record."""

    actions = {"core.view_record_history": SIGNED_IN & MayOpen()}


class SitePolicy(Policy):
    """Pages about no record in particular."""

    actions = {
        "core.view_home": ANYONE,
        "core.view_directory": ANYONE,
        "core.view_profile": SIGNED_IN,
        "core.manage_api_tokens": SIGNED_IN,
        "core.accept_invitation": ANYONE,
        "core.view_health": ANYONE,
        "core.add_organisation": CLAIR_STAFF,
    }


class OrganisationPolicy(Policy):
    """The directory is public reference data: every active organisation is visible to everyone, and so is every
    local government abolished (kept with its end date and successors, for the records that name it);
    deactivated ones to CLAIR staff. Members are seen by the organisation's working members and CLAIR; administrators of
    the organisation and headquarters invite and remove them."""

    model = "core.Organisation"
    view = "core.view_organisation"
    actions = {
        "core.view_organisation": Field("is_active", True) | Not(Field("abolished_on", None)) | CLAIR_STAFF,
        "core.view_members": WorksFor("pk") | CLAIR_STAFF,
        "core.manage_members": WorksFor("pk", roles={Role.ADMIN}) | HQ_STAFF,
        "core.change_organisation": WorksFor("pk", roles={Role.ADMIN}) | HQ_STAFF,
        "core.view_history": CLAIR_STAFF,
    }


class MembershipPolicy(Policy):
    """A person sees their own memberships and those of the organisations they belong to; CLAIR sees all."""

    model = "core.Membership"
    view = "core.view_membership"
    actions = {
        "core.view_membership": IsUser("person") | WorksFor("organisation", roles=ALL_ROLES) | CLAIR_STAFF,
    }


class InvitationPolicy(Policy):
    """An invitation is seen by the organisation's administrators, CLAIR staff, and the person invited."""

    model = "core.Invitation"
    view = "core.view_invitation"
    actions = {
        "core.view_invitation": WorksFor("organisation", roles={Role.ADMIN}) | IsUserEmail("email") | CLAIR_STAFF,
    }


class CoveredCountryPolicy(Policy):
    """Which office covers which country is public: requests are routed by it."""

    model = "core.CoveredCountry"
    view = "core.view_covered_country"
    actions = {"core.view_covered_country": ANYONE}


class SearchAliasPolicy(Policy):
    """Aliases are seen by everyone (they are part of what search answers) and kept by headquarters."""

    model = "core.SearchAlias"
    view = "core.view_search_alias"
    actions = {
        "core.view_search_alias": ANYONE,
        "core.manage_search_aliases": HQ_STAFF,
    }


class SearchDocumentPolicy(Policy):
    """The full-text index is read only through search, which answers with the records the asker may see."""

    model = "core.SearchDocument"
    view = "core.view_search_document"
    actions = {"core.view_search_document": NOBODY}


class ApiTokenPolicy(Policy):
    model = "core.ApiToken"
    view = "core.view_api_token"
    actions = {
        "core.view_api_token": IsUser("person"),
        "core.revoke_api_token": IsUser("person"),
    }


for _policy in (HistoryPolicy(), SitePolicy(), OrganisationPolicy(), MembershipPolicy(), InvitationPolicy(),
                CoveredCountryPolicy(), SearchAliasPolicy(), SearchDocumentPolicy(), ApiTokenPolicy()):
    register(_policy)
