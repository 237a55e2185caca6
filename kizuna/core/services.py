"""Every write of the core: organisations, memberships, invitations, API tokens."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules as core_rules
from .enums import USER_CREATABLE_KINDS, Role
from .models import ApiToken, Invitation, Membership, Organisation, User
from .notifications import queue_mail


def _require(by, perm: str, obj=None) -> None:
    if not by.has_perm(perm, obj):
        raise PermissionDenied(perm)


@transaction.atomic
def create_organisation(*, by: User, kind: str, name: str, name_kana: str = "", name_en: str = "",
                        prefecture: Organisation | None = None, website: str = "", email: str = "") -> Organisation:
    """Staff add organisations that are not reference data (e.g. a regional international association)."""
    _require(by, "core.add_organisation")
    if kind not in USER_CREATABLE_KINDS:
        raise ValidationError({"kind": _("Organisations of this kind come from the reference data.")})
    org = Organisation(kind=kind, name=name, name_kana=name_kana, name_en=name_en, prefecture=prefecture,
                       parent=prefecture, website=website, email=email)
    org.refresh_search_text()
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def invite_member(*, by: User, organisation: Organisation, email: str, role: str = Role.STAFF,
                  language: str = "ja") -> tuple[Invitation, str]:
    """Invite a colleague by email. Returns the invitation and the one-time token (sent in the mail)."""
    _require(by, "core.manage_members", organisation)
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if Membership.objects.active().filter(organisation=organisation, person__email__iexact=email, role=role).exists():
        raise ValidationError({"email": _("%(email)s is already a member with this role.") % {"email": email}})
    if Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s has already been invited and has not answered yet.")
                               % {"email": email}})
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, token_hash=token_hash, invited_by=by,
        expires_at=timezone.now() + Invitation.VALID_FOR,
    )
    queue_mail(
        to=email,
        template="core/mail/invitation",
        context={
            "organisation": organisation.name if language == "ja" else (organisation.name_en or organisation.name),
            "inviter": str(by),
            "role": invitation.get_role_display(),
            "url": reverse("core:accept_invitation", kwargs={"token": token}),
            "expires_at": invitation.expires_at,
        },
        language=language,
    )
    return invitation, token


@transaction.atomic
def accept_invitation(*, by: User, token: str) -> Membership:
    invitation = Invitation.find(token)
    if invitation is None:
        raise ValidationError(_("This invitation is not valid: it has expired, was withdrawn or was already used."))
    if invitation.email.lower() != by.email.lower():
        raise ValidationError(
            _("This invitation was sent to %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    membership, _created = Membership.objects.get_or_create(
        person=by, organisation=invitation.organisation, role=invitation.role, ended_at=None
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    core_rules.forget_memberships(by)
    return membership


@transaction.atomic
def revoke_invitation(*, by: User, invitation: Invitation) -> None:
    _require(by, "core.manage_members", invitation.organisation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def remove_member(*, by: User, membership: Membership) -> None:
    """End a membership (kept for the record). The last administrator cannot be removed."""
    _require(by, "core.manage_members", membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_at is not None:
        raise ValidationError(_("This person is no longer a member."))
    if membership.role == Role.ADMIN:
        admins = (
            Membership.objects.active()
            .select_for_update()
            .filter(organisation=membership.organisation, role=Role.ADMIN)
            .count()
        )
        if admins <= 1:
            raise ValidationError(_("An organisation needs at least one administrator: appoint another first."))
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    core_rules.forget_memberships(membership.person)


@transaction.atomic
def create_api_token(*, by: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token record and the token itself, which is shown once and never stored."""
    _require(by, "core.manage_api_tokens")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, so that you can recognise it later.")})
    if ApiToken.objects.active().filter(person=by).count() >= 20:
        raise ValidationError(_("You have 20 active tokens: revoke one before creating another."))
    token, token_hash, hint = ApiToken.new_token()
    record = ApiToken.objects.create(person=by, name=name, token_hash=token_hash, hint=hint)
    return record, token


@transaction.atomic
def revoke_api_token(*, by: User, token: ApiToken) -> None:
    if token.person_id != by.pk:
        raise PermissionDenied("core.manage_api_tokens")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
