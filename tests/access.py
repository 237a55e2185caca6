"""Who may reach what: the table the URL × role test checks every page and API operation against.

Every permission that a view or API operation names must appear in PERMISSION_ROLES with the roles that
hold it (on the sample object of SAMPLES, for object permissions). Every URL pattern with arguments needs a
sample in SAMPLES (a page without arguments may have one to arrange the world, returning {}). A later app adds its
rows here; the test itself does not change.
"""

from tests.access_roles import ALL, CLAIR, HQ, SIGNED_IN  # noqa: F401 - re-exported for app tables

PERMISSION_ROLES: dict[str, frozenset] = {
    "core.view_home": ALL,
    "core.view_directory": ALL,
    "core.view_organisation": ALL,
    "core.accept_invitation": ALL,
    "core.view_health": ALL,
    "core.view_profile": SIGNED_IN,
    "core.manage_api_tokens": SIGNED_IN,
    "core.add_organisation": CLAIR,
    # On the sample organisation, Chiyoda: its working members and CLAIR staff (not its JET participant).
    "core.view_members": CLAIR | {"municipality_staff", "municipality_admin"},
    "core.manage_members": HQ | {"municipality_admin"},
    "core.view_history": CLAIR,
    # On the sample record, Chiyoda (an active organisation, which everyone may open): every signed-in person.
    "core.view_record_history": SIGNED_IN,
    "core.manage_search_aliases": HQ,
}

# Views of third-party packages that make their own decisions, and why they are safe.
EXEMPT_PREFIXES = {
    "accounts/": "django-allauth account pages: login, sign-up, password and MFA flows decide for themselves",
    "admin/": "Django admin: only is_staff people get past its login",
}
EXEMPT_NAMES = {
    "set_language": "choosing a language is open to everyone",
    "api:openapi-json": "the API description is public",
    "api:openapi-view": "the API documentation page is public",
    "api:api-root": "the API root only links to the documentation",
}


def _org(w, role):
    return {"pk": w.chiyoda.pk}


def _membership(w, role):
    from kizuna.core.models import Membership

    m = Membership.objects.get(organisation=w.chiyoda, person=w.people["municipality_staff"])
    return {"pk": w.chiyoda.pk, "membership_pk": m.pk}


def _invitation(w, role):
    from kizuna.core.models import Invitation

    token, token_hash = Invitation.new_token()
    from django.utils import timezone

    inv = Invitation.objects.create(organisation=w.chiyoda, email="new@example.jp", token_hash=token_hash,
                                    invited_by=w.people["municipality_admin"],
                                    expires_at=timezone.now() + Invitation.VALID_FOR)
    return {"pk": w.chiyoda.pk, "invitation_pk": inv.pk, "token": token}


def _own_token(w, role):
    """Each person revokes their own token (someone else's is a 404: tests/core/test_tokens.py)."""
    from kizuna.core.services import create_api_token

    owner = w.people.get(role, w.people["municipality_staff"])
    record, _token = create_api_token(by=owner, name="sample")
    return {"token_pk": record.pk}


def _alias(w):
    from django.contrib.contenttypes.models import ContentType

    from kizuna.core.models import SearchAlias

    return SearchAlias.objects.get_or_create(content_type=ContentType.objects.get_for_model(w.hq), object_id=w.hq.pk,
                                             text="本部", defaults={"created_by": w.people["hq_staff"]})[0]


SAMPLES = {
    "core:organisation": _org,
    "core:invite": _org,
    "core:remove_member": _membership,
    "core:revoke_invitation": lambda w, role: {k: v for k, v in _invitation(w, role).items() if k != "token"},
    "core:accept_invitation": lambda w, role: {"token": _invitation(w, role)["token"]},
    "core:token_revoke": _own_token,
    "api:get_organisation": lambda w, role: {"org_id": w.chiyoda.pk},
    "core:history": lambda w, role: {"model": "core.organisation", "pk": w.chiyoda.pk},
    "core:search_alias_remove": lambda w, role: {"alias_pk": _alias(w).pk},
}


def _mixed_core(w) -> None:
    """Core records of several owners: a deactivated organisation, memberships of two municipalities, an
    invitation into each, a token each."""
    from django.utils import timezone

    from kizuna.core.models import ApiToken, Invitation
    from tests.factories import OrganisationFactory

    OrganisationFactory(kind="ngo", name="解散したNPO", is_active=False)
    for org, inviter, email in ((w.chiyoda, "municipality_admin", "new-chiyoda@example.jp"),
                                (w.minato, "other_municipality_staff", "municipality_staff@example.jp")):
        token, token_hash = Invitation.new_token()
        Invitation.objects.create(organisation=org, email=email, token_hash=token_hash,
                                  invited_by=w.people[inviter], expires_at=timezone.now() + Invitation.VALID_FOR)
    from django.contrib.contenttypes.models import ContentType

    from kizuna.core.models import SearchAlias

    for org, text in ((w.hq, "クレア本部"), (w.nyc, "米国事務所")):
        SearchAlias.objects.create(content_type=ContentType.objects.get_for_model(org), object_id=org.pk, text=text,
                                   created_by=w.people["hq_staff"])
    for role in ("municipality_staff", "other_municipality_staff"):
        _token, token_hash, hint = ApiToken.new_token()
        ApiToken.objects.create(person=w.people[role], name="probe", token_hash=token_hash, hint=hint)


# Records that legitimately appear in another record the person may open, although they may not open them
# themselves (an expert's name on the dispatches they are on): model label → check(user, obj). Reviewed, as the
# leak probes accept them (tests/core/test_leaks.py).
SHOWN_WITH: dict = {}

# Pages and operations with arguments that list records: the leak probes read them too (tests/core/test_leaks.py).
LISTS_WITH_ARGUMENTS: set[str] = set()

# Functions of the world that add records owned by several organisations: the policy parity test and the
# leak probes read them. Each app's tests/<app>/access.py adds its own in MIXED.
def _mixed_claims(w) -> None:
    from tests.workflow_app.models import Claim

    for role in ("jet", "municipality_staff"):
        Claim.objects.create(claimant=w.people[role], amount=1000)


MIXED = [_mixed_core, _mixed_claims]


def _collect_app_tables() -> None:
    """Each app's tests may hold an `access.py` with its own PERMISSION_ROLES and SAMPLES: they are merged here,
    so an app adds its rows in its own folder and this file does not change."""
    import importlib
    import pkgutil
    from pathlib import Path

    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if not info.ispkg or info.name == "workflow_app":
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.access")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{info.name}.access":
                raise
            continue
        clashes = (set(module.PERMISSION_ROLES) & set(PERMISSION_ROLES)) | (set(module.SAMPLES) & set(SAMPLES))
        if clashes:
            raise ValueError(f"tests/{info.name}/access.py redefines {sorted(clashes)}")
        PERMISSION_ROLES.update(module.PERMISSION_ROLES)
        SAMPLES.update(module.SAMPLES)
        MIXED.extend(getattr(module, "MIXED", ()))
        LISTS_WITH_ARGUMENTS.update(getattr(module, "LISTS_WITH_ARGUMENTS", ()))
        SHOWN_WITH.update(getattr(module, "SHOWN_WITH", {}))


_collect_app_tables()

# Lists with arguments of the core and of pages that gather other apps' sections.
LISTS_WITH_ARGUMENTS.update({"core:organisation", "core:history", "plan:dashboard_year", "plan:export",
                             "api:get_dashboard"})
