"""Every write of the core: organisations, memberships, invitations, API tokens."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules as core_rules
from .audit import create_logged, delete_logged, save_logged
from .enums import USER_CREATABLE_KINDS, Role
from .models import ApiToken, Invitation, Membership, Organisation, SearchAlias, User
from .notifications import queue_mail
from .policies import require as _require


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
    save_logged(org, "core.organisation.create", by=by)
    return org


@transaction.atomic
def invite_member(*, by: User, organisation: Organisation, email: str, role: str = Role.STAFF,
                  language: str = "ja") -> tuple[Invitation, str]:
    """Invite a colleague by email. Returns the invitation and the one-time token (sent in the mail)."""
    _require(by, "core.manage_members", organisation)
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if email == by.email.lower():
        raise ValidationError({"email": _("You cannot invite yourself. Ask an administrator of the organisation "
                                          "or headquarters to invite you.")})
    if Membership.objects.active().filter(organisation=organisation, person__email__iexact=email, role=role).exists():
        raise ValidationError({"email": _("%(email)s is already a member with this role.") % {"email": email}})
    if Invitation.objects.pending().filter(organisation=organisation, email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s has already been invited and has not answered yet.")
                               % {"email": email}})
    token, token_hash = Invitation.new_token()
    invitation = create_logged(
        Invitation, "core.invitation.create", by=by, organisation=organisation, email=email, role=role,
        token_hash=token_hash, invited_by=by, expires_at=timezone.now() + Invitation.VALID_FOR,
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
    _tell_administrators(organisation, invitation, by=by)
    return invitation, token


def _tell_administrators(organisation: Organisation, invitation: Invitation, *, by: User) -> None:
    """Every administrator of the organisation hears of every invitation into it, whoever sent it."""
    admins = sorted(set(Membership.objects.active().filter(organisation=organisation, role=Role.ADMIN)
                        .exclude(person=by).values_list("person__email", flat=True)))
    if admins:
        queue_mail(to=admins, template="core/mail/invitation_notice", context={
            "organisation": organisation.name, "inviter": f"{by} <{by.email}>", "email": invitation.email,
            "role": invitation.get_role_display(), "url": organisation.get_absolute_url()})


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
    membership = Membership.objects.active().filter(person=by, organisation=invitation.organisation,
                                                    role=invitation.role).first()
    if membership is None:
        membership = create_logged(Membership, "core.membership.create", by=by, person=by,
                                   organisation=invitation.organisation, role=invitation.role,
                                   data={"invitation": invitation.pk})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    save_logged(invitation, "core.invitation.accept", by=by, fields=["accepted_at", "accepted_by"])
    core_rules.forget_memberships(by)
    return membership


@transaction.atomic
def revoke_invitation(*, by: User, invitation: Invitation) -> None:
    _require(by, "core.manage_members", invitation.organisation)
    invitation.revoked_at = timezone.now()
    save_logged(invitation, "core.invitation.revoke", by=by, fields=["revoked_at"])


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
    save_logged(membership, "core.membership.end", by=by, fields=["ended_at"])
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
    record = create_logged(ApiToken, "core.apitoken.create", by=by, person=by, name=name, token_hash=token_hash,
                           hint=hint)
    return record, token


@transaction.atomic
def revoke_api_token(*, by: User, token: ApiToken) -> None:
    if not by.has_perm("core.revoke_api_token", token):
        raise PermissionDenied("core.revoke_api_token")
    token.revoked_at = timezone.now()
    save_logged(token, "core.apitoken.revoke", by=by, fields=["revoked_at"])


@transaction.atomic
def add_search_alias(*, by: User, record, text: str) -> SearchAlias:
    """Another name a record is found by in search (クレア本部 for headquarters, 韓国 for the Seoul office)."""
    _require(by, "core.manage_search_aliases")
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"text": _("Give the other name.")})
    if len(text) > 100:
        raise ValidationError({"text": _("At most 100 characters.")})
    content_type = ContentType.objects.get_for_model(record)
    if SearchAlias.objects.filter(content_type=content_type, object_id=record.pk, text=text).exists():
        raise ValidationError({"text": _("%(record)s is already found by “%(text)s”.") % {"record": record,
                                                                                        "text": text}})
    return create_logged(SearchAlias, "core.searchalias.create", by=by, content_type=content_type,
                         object_id=record.pk, text=text, created_by=by)


@transaction.atomic
def remove_search_alias(*, by: User, alias: SearchAlias) -> None:
    _require(by, "core.manage_search_aliases")
    delete_logged(alias, "core.searchalias.delete", by=by)
