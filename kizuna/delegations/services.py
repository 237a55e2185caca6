"""Every write of the delegations: programmes, delegations through their states, members and visits. Each
write checks the policy and is audited; state changes go through kizuna/core/workflow.py."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, delete_logged, log_action, save_logged
from kizuna.core.countries import is_country_code
from kizuna.core.models import Organisation
from kizuna.core.policies import require
from kizuna.core.rules import is_hq_staff, working_orgs
from kizuna.core.workflow import transition

from .enums import (
    DELEGATION_TRANSITIONS,
    EXPECTED,
    GOVERNMENT_KINDS,
    HANDLER_KINDS,
    HOST_KINDS,
    MemberRole,
)
from .models import Delegation, Member, Programme, Visit

PROGRAMME_FIELDS = ("kind", "co_host", "notes")
DELEGATION_FIELDS = ("name", "name_en", "country", "government", "notes")
MEMBER_FIELDS = ("order", "role", "position", "name", "name_latin", "name_kana", "arrival_at", "arrival_flight",
                 "departure_at", "departure_flight", "hotel", "room", "interpretation", "dietary", "accessibility")
VISIT_FIELDS = ("host", "starts_at", "ends_at", "place", "purpose")


def _unknown(fields, allowed, what) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{what} cannot change {sorted(unknown)}")


def _clean(obj, problems: dict) -> None:
    """The model's own checks and the service's, reported together, field by field."""
    try:
        obj.full_clean(exclude=[name for name in problems])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.setdefault(field, messages[0])
    if problems:
        raise ValidationError(problems)


# -- programmes ----------------------------------------------------------------------------------------------------

@transaction.atomic
def create_programme(*, by, event, **fields) -> Programme:
    """The delegation programme of `event` (a conference or seminar of kizuna/events)."""
    _unknown(fields, PROGRAMME_FIELDS, "create_programme")
    require(by, "delegations.add_programme")
    problems = {}
    if event is None:
        problems["event"] = _("Choose the event of the conference or seminar.")
    elif Programme.objects.filter(event=event).exists():
        problems["event"] = _("This event already has a delegation programme.")
    co_host = fields.get("co_host")
    if co_host is not None and co_host.kind not in GOVERNMENT_KINDS:
        problems["co_host"] = _("Choose a local government.")
    programme = Programme(event=event, created_by=by, **fields)
    _clean(programme, problems)
    return create_logged(Programme, "delegations.programme.create", by=by, event=event, created_by=by, **fields)


@transaction.atomic
def edit_programme(*, by, programme: Programme, **fields) -> Programme:
    _unknown(fields, PROGRAMME_FIELDS, "edit_programme")
    require(by, "delegations.manage_programme", programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    problems = {}
    if programme.co_host_id and programme.co_host.kind not in GOVERNMENT_KINDS:
        problems["co_host"] = _("Choose a local government.")
    _clean(programme, problems)
    save_logged(programme, "delegations.programme.update", by=by, fields=list(fields))
    return programme


# -- delegations ---------------------------------------------------------------------------------------------------

def _check_delegation(delegation: Delegation, problems: dict) -> None:
    if not is_country_code(delegation.country or ""):
        problems["country"] = _("Choose a country.")
    government = delegation.government
    if government is not None and government.kind not in GOVERNMENT_KINDS:
        problems["government"] = _("Choose a foreign local government or a Japanese one.")
    if not (delegation.name or "").strip():
        problems["name"] = _("Give the delegation's name.")
    if not (delegation.name_en or "").strip():
        problems["name_en"] = _("Give the delegation's name in English.")
    same = Delegation.objects.filter(programme_id=delegation.programme_id, name=delegation.name)
    if delegation.pk:
        same = same.exclude(pk=delegation.pk)
    if delegation.name and same.exists():
        problems["name"] = _("The programme already has a delegation of this name.")


def handlers_for(user):
    """The organisations `user` may choose to handle a delegation: every office and headquarters for
    headquarters staff, their own office otherwise."""
    found = Organisation.objects.filter(kind__in=HANDLER_KINDS, is_active=True).order_by("kind", "name")
    if is_hq_staff(user):
        return found
    return found.filter(pk__in=[o.pk for o in working_orgs(user, HANDLER_KINDS)])


@transaction.atomic
def register_delegation(*, by, programme: Programme, handled_by, **fields) -> Delegation:
    """A delegation invited to `programme`, handled by headquarters or the office of the person registering it."""
    _unknown(fields, DELEGATION_FIELDS, "register_delegation")
    require(by, "delegations.add_delegation", programme)
    problems = {}
    if handled_by is None or not handlers_for(by).filter(pk=handled_by.pk).exists():
        problems["handled_by"] = _("Choose headquarters or an overseas office you work for.")
    delegation = Delegation(programme=programme, handled_by=handled_by, created_by=by, **fields)
    _check_delegation(delegation, problems)
    _clean(delegation, problems)
    return create_logged(Delegation, "delegations.delegation.register", by=by, programme=programme,
                         handled_by=handled_by, created_by=by, **fields)


def ensure_open(delegation: Delegation) -> None:
    if delegation.status not in EXPECTED:
        raise ValidationError(
            _("The delegation is “%(state)s”: its records are closed.") % {"state": delegation.get_status_display()},
            code="closed")


@transaction.atomic
def edit_delegation(*, by, delegation: Delegation, **fields) -> Delegation:
    _unknown(fields, DELEGATION_FIELDS, "edit_delegation")
    require(by, "delegations.manage_delegation", delegation)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    ensure_open(delegation)
    for name, value in fields.items():
        setattr(delegation, name, value)
    problems = {}
    _check_delegation(delegation, problems)
    _clean(delegation, problems)
    save_logged(delegation, "delegations.delegation.update", by=by, fields=list(fields))
    return delegation


@DELEGATION_TRANSITIONS.guard("has_head")
def _has_head(delegation, *, by, **changes) -> None:
    if not delegation.members.filter(role=MemberRole.HEAD).exists():
        raise ValidationError(_("Add the head of the delegation before confirming it."), code="no_head")


@DELEGATION_TRANSITIONS.guard("reason_given")
def _reason_given(delegation, *, by, **changes) -> None:
    if not (delegation.cancel_reason or "").strip():
        raise ValidationError({"cancel_reason": _("Say why the delegation is cancelled.")}, code="no_reason")


def confirm_delegation(*, by, delegation: Delegation, note: str = "") -> Delegation:
    return transition(delegation, "confirm", by=by, note=note)


def record_arrival(*, by, delegation: Delegation, note: str = "") -> Delegation:
    return transition(delegation, "arrive", by=by, note=note)


def record_departure(*, by, delegation: Delegation, note: str = "") -> Delegation:
    return transition(delegation, "depart", by=by, note=note)


def cancel_delegation(*, by, delegation: Delegation, reason: str) -> Delegation:
    return transition(delegation, "cancel", by=by, cancel_reason=(reason or "").strip())


# -- members -------------------------------------------------------------------------------------------------------

def is_latin(text: str) -> bool:
    """Only Latin letters (with their accents), spaces, hyphens, apostrophes and full stops."""
    for ch in text:
        if ch in " -'’.,":
            continue
        if not ch.isalpha() or not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def check_member(member: Member) -> dict:
    """What is wrong with `member` (field → message), the service's checks and the model's; nothing saved."""
    problems = {}
    _check_member(member, problems)
    try:
        _clean(member, problems)
    except ValidationError as error:
        return {field: messages[0] for field, messages in error.message_dict.items()}
    return {}


def _check_member(member: Member, problems: dict) -> None:
    for field in ("name", "name_latin"):
        value = (getattr(member, field) or "").strip()
        setattr(member, field, value)
    if not member.name:
        problems["name"] = _("Give the name as the member writes it.")
    if not member.name_latin:
        problems["name_latin"] = _("Give the name in Latin letters, as in the passport.")
    elif not is_latin(member.name_latin):
        problems["name_latin"] = _("Use Latin letters only (A–Z, with accents), as in the passport.")
    if member.arrival_at and member.departure_at and member.departure_at < member.arrival_at:
        problems["departure_at"] = _("The departure cannot come before the arrival.")
    if member.arrival_flight and not member.arrival_at:
        problems["arrival_at"] = _("Give the time of the arrival flight.")
    if member.departure_flight and not member.departure_at:
        problems["departure_at"] = _("Give the time of the departure flight.")
    if member.room and not member.hotel:
        problems["hotel"] = _("Give the hotel of the room.")
    if member.role == MemberRole.HEAD:
        heads = Member.objects.filter(delegation_id=member.delegation_id, role=MemberRole.HEAD)
        if member.pk:
            heads = heads.exclude(pk=member.pk)
        if heads.exists():
            problems["role"] = _("The delegation already has a head.")


@transaction.atomic
def add_member(*, by, delegation: Delegation, **fields) -> Member:
    _unknown(fields, MEMBER_FIELDS, "add_member")
    require(by, "delegations.manage_delegation", delegation)
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    ensure_open(delegation)
    if "order" not in fields or fields["order"] is None:
        fields["order"] = (delegation.members.count() + 1) * 10
    member = Member(delegation=delegation, **fields)
    problems = {}
    _check_member(member, problems)
    _clean(member, problems)
    save_logged(member, "delegations.member.add", by=by)
    return member


@transaction.atomic
def edit_member(*, by, member: Member, **fields) -> Member:
    _unknown(fields, MEMBER_FIELDS, "edit_member")
    require(by, "delegations.manage_delegation", member.delegation)
    Delegation.objects.select_for_update().get(pk=member.delegation_id)
    ensure_open(member.delegation)
    member = Member.objects.select_related("delegation").get(pk=member.pk)
    for name, value in fields.items():
        setattr(member, name, value)
    problems = {}
    _check_member(member, problems)
    _clean(member, problems)
    save_logged(member, "delegations.member.update", by=by, fields=list(fields))
    return member


@transaction.atomic
def remove_member(*, by, member: Member) -> None:
    require(by, "delegations.manage_delegation", member.delegation)
    ensure_open(member.delegation)
    for visit in member.visits.all():
        before = sorted(visit.members.values_list("pk", flat=True))
        visit.members.remove(member)
        log_action(visit, "delegations.visit.members", by=by,
                   changes={"members": [before, [pk for pk in before if pk != member.pk]]})
    delete_logged(member, "delegations.member.remove", by=by)


# -- visits --------------------------------------------------------------------------------------------------------

def _check_visit(visit: Visit, members, problems: dict) -> None:
    if visit.host_id and visit.host.kind not in HOST_KINDS:
        problems["host"] = _("Choose a local government.")
    if visit.starts_at and visit.ends_at and visit.ends_at < visit.starts_at:
        problems["ends_at"] = _("The end cannot come before the start.")
    if not (visit.place or "").strip():
        problems["place"] = _("Say where the visit takes place.")
    if not (visit.purpose or "").strip():
        problems["purpose"] = _("Say what the visit is for.")
    if any(m.delegation_id != visit.delegation_id for m in members):
        problems["members"] = _("Choose members of this delegation.")


def _set_members(visit: Visit, members, *, by) -> None:
    before = sorted(visit.members.values_list("pk", flat=True)) if visit.pk else []
    after = sorted(m.pk for m in members)
    if before != after:
        visit.members.set(members)
        log_action(visit, "delegations.visit.members", by=by, changes={"members": [before, after]})


@transaction.atomic
def add_visit(*, by, delegation: Delegation, members=(), **fields) -> Visit:
    _unknown(fields, VISIT_FIELDS, "add_visit")
    require(by, "delegations.manage_delegation", delegation)
    ensure_open(delegation)
    members = list(members)
    visit = Visit(delegation=delegation, created_by=by, **fields)
    problems = {}
    _check_visit(visit, members, problems)
    _clean(visit, problems)
    save_logged(visit, "delegations.visit.add", by=by)
    _set_members(visit, members, by=by)
    return visit


@transaction.atomic
def edit_visit(*, by, visit: Visit, members=None, **fields) -> Visit:
    _unknown(fields, VISIT_FIELDS, "edit_visit")
    require(by, "delegations.manage_visit", visit)
    ensure_open(visit.delegation)
    for name, value in fields.items():
        setattr(visit, name, value)
    members = list(visit.members.all()) if members is None else list(members)
    problems = {}
    _check_visit(visit, members, problems)
    _clean(visit, problems)
    save_logged(visit, "delegations.visit.update", by=by, fields=list(fields))
    _set_members(visit, members, by=by)
    return visit


@transaction.atomic
def remove_visit(*, by, visit: Visit) -> None:
    require(by, "delegations.manage_visit", visit)
    ensure_open(visit.delegation)
    delete_logged(visit, "delegations.visit.remove", by=by)
