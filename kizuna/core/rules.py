"""Permission predicates shared by every app, and the core permissions.

Each action has one permission name; pages, API and templates ask for that same name.
Predicates here look at the person's memberships, which are loaded once per request
(`memberships_of` caches them on the user object).
"""

import rules

from .enums import CLAIR_KINDS, LOCAL_GOVERNMENT_KINDS, WORKING_ROLES, OrgKind, Role


def memberships_of(user) -> list:
    """The person's active memberships with their organisations, cached on the user object."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_kizuna_memberships", None)
    if cached is None:
        from .models import Membership

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
everyone = rules.always_allow

# Core permissions. "public" pages still name their permission so the decision is explicit.
rules.add_perm("core.view_home", everyone)
rules.add_perm("core.view_directory", everyone)
rules.add_perm("core.view_organisation", everyone)
rules.add_perm("core.view_members", is_working_member | is_clair_staff)
rules.add_perm("core.manage_members", is_org_admin | is_hq_staff)
rules.add_perm("core.add_organisation", is_clair_staff)
rules.add_perm("core.change_organisation", is_org_admin | is_hq_staff)
rules.add_perm("core.view_profile", is_authenticated)
rules.add_perm("core.manage_api_tokens", is_authenticated)
rules.add_perm("core.accept_invitation", everyone)
rules.add_perm("core.view_history", is_clair_staff)
rules.add_perm("core.view_health", everyone)
rules.add_perm("core.use_api", is_authenticated)
