"""Every write of the people and bodies of the field: managers certified from the training's completions (or
entered by headquarters), their consents, the associations' and NGOs' profiles, and the Plaza's consultations
through their states."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, log_action, save_logged
from kizuna.core.enums import OrgKind
from kizuna.core.fiscal import fiscal_year_of
from kizuna.core.models import Organisation
from kizuna.core.policies import require
from kizuna.core.rules import is_hq_staff, working_orgs
from kizuna.core.services import create_organisation
from kizuna.core.workflow import transition
from kizuna.events.enums import EventKind
from kizuna.events.enums import Status as RegistrationStatus
from kizuna.events.models import Event, Registration

from .enums import CONSULTATION_TRANSITIONS, Language, PortalField, Region, Source
from .models import AssociationProfile, Consultation, ConsultationNote, Manager, NgoProfile

MANAGER_FIELDS = ("name", "name_kana", "name_romaji", "organisation", "affiliation", "certified_year",
                  "certified_on", "fields", "prefecture", "email")
# Headquarters may link an entry to the person's account (so that they keep their consents themselves).
MANAGER_LINK = ("person",)
ASSOCIATION_FIELDS = ("recognised_on", "area", "fields", "phone", "email", "address", "is_listed")
NGO_FIELDS = ("fields", "regions", "languages", "activities", "phone", "email", "address", "is_listed")
CONSULTATION_FIELDS = ("subject", "question", "channel", "received_on", "asker_name", "asker_contact", "ngo",
                       "field")
MAX_TEXT = 10_000
EARLIEST = date(1980, 1, 1)  # before the first recognitions (1989) and trainings


def _unknown(fields, allowed, what) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{what} cannot change {sorted(unknown)}")


def _codes(values, choices, name: str, problems: dict) -> list[str]:
    """A list of codes of `choices`, each once, in the choices' order; anything else is refused by name."""
    if values is None:
        return []
    if isinstance(values, str) or not all(isinstance(v, str) for v in values):
        problems[name] = _("Choose from the list.")
        return []
    unknown = sorted(set(values) - set(choices.values))
    if unknown:
        problems[name] = _("Not one of the choices: %(codes)s.") % {"codes": ", ".join(unknown)}
        return []
    return [code for code in choices.values if code in set(values)]


def _text(value, name, problems, *, required=False, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        problems[name] = _("This field is required.")
    elif len(value) > limit:
        problems[name] = _("At most %(n)s characters.") % {"n": limit}
    return value


# -- managers --------------------------------------------------------------------------------------------------------

def _save_changes(record, values: dict, action: str, *, by):
    """Write checked `values` to the locked row of `record`, whole-record checks included, in one audit entry."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean()
    save_logged(record, action, by=by, fields=list(values))
    return record


def _check_manager(values: dict) -> dict:
    problems = {}
    if "name" in values:
        values["name"] = _text(values["name"], "name", problems, required=True, limit=100)
    for name in ("name_kana", "name_romaji"):
        if name in values:
            values[name] = _text(values[name], name, problems, limit=100)
    if "fields" in values:
        values["fields"] = _codes(values["fields"], PortalField, "fields", problems)
    prefecture = values.get("prefecture")
    if "prefecture" in values and (prefecture is None or prefecture.kind != OrgKind.PREFECTURE):
        problems["prefecture"] = _("Choose a prefecture.")
    year = values.get("certified_year")
    if "certified_year" in values and (not isinstance(year, int) or isinstance(year, bool)
                                       or not 1990 <= year <= fiscal_year_of(timezone.localdate())):
        problems["certified_year"] = _("A fiscal year from 1990 to this one.")
    certified_on = values.get("certified_on")
    if certified_on and certified_on > timezone.localdate():
        problems["certified_on"] = _("The day of the certification cannot be in the future.")
    elif certified_on and certified_on < EARLIEST:
        problems["certified_on"] = _("A day from 1 January 1980.")
    person = values.get("person")
    if person is not None and Manager.objects.filter(person=person).exclude(pk=values.get("pk")).exists():
        problems["person"] = _("This person is already in the registry.")
    values.pop("pk", None)
    if problems:
        raise ValidationError(problems)
    return values


@transaction.atomic
def add_manager(*, by, **fields) -> Manager:
    """A manager certified before Kizuna (or otherwise not from a training held in it): headquarters enters them."""
    _unknown(fields, MANAGER_FIELDS + MANAGER_LINK, "add_manager")
    require(by, "networks.add_manager")
    values = _check_manager({**{"fields": []}, **fields})
    manager = Manager(source=Source.MANUAL, created_by=by, **values)
    manager.full_clean()
    return create_logged(Manager, "networks.manager.add", by=by, source=Source.MANUAL, created_by=by, **values)


@transaction.atomic
def change_manager(*, by, manager: Manager, **fields) -> Manager:
    _unknown(fields, MANAGER_FIELDS + MANAGER_LINK, "change_manager")
    require(by, "networks.change_manager", manager)
    values = _check_manager({**fields, "pk": manager.pk})
    return _save_changes(manager, values, "networks.manager.update", by=by)


@transaction.atomic
def set_consent(*, by, manager: Manager, listed: bool | None = None, network: bool | None = None) -> Manager:
    """The manager's consents: to the public listing and to the network (contact shared with the other managers
    who joined). Giving one records its date; withdrawing it hides them at once."""
    require(by, "networks.change_consent", manager)
    manager = Manager.objects.select_for_update().get(pk=manager.pk)
    now, changed = timezone.now(), []
    if listed is not None and listed != manager.is_listed:
        manager.is_listed, manager.listed_since = listed, (now if listed else None)
        changed += ["is_listed", "listed_since"]
    if network is not None and network != manager.in_network:
        manager.in_network, manager.network_since = network, (now if network else None)
        changed += ["in_network", "network_since"]
        if manager.person_id and getattr(by, "pk", None) == manager.person_id:
            by.__dict__.pop("_kizuna_network_member", None)
    if changed:
        save_logged(manager, "networks.manager.consent", by=by, fields=changed)
    return manager


def training_events():
    """The trainings whose completers may be certified: trainings that give a certificate of completion."""
    return Event.objects.filter(kind=EventKind.TRAINING, gives_certificate=True).order_by("-starts_at", "pk")


def completers(event: Event):
    """The registrations that completed the training: confirmed and attended (checked in)."""
    return (Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED,
                                        checked_in_at__isnull=False)
            .select_related("person", "organisation__prefecture", "certificate").order_by("pk"))


def _prefecture_of(organisation: Organisation | None) -> Organisation | None:
    if organisation is None:
        return None
    if organisation.kind == OrgKind.PREFECTURE:
        return organisation
    return organisation.prefecture


@transaction.atomic
def certify_from_event(*, by, event: Event) -> dict:
    """Register every completer of a manager training as a certified manager. Idempotent: a completer already
    certified (from this training or another, or entered by hand for their account) is left as they are.
    Certified in the fiscal year the training ended; not listed, not in the network until they say so."""
    require(by, "networks.certify_managers")
    if event.kind != EventKind.TRAINING or not event.gives_certificate:
        raise ValidationError(_("Only a training that gives a certificate of completion certifies managers."),
                              code="not_a_training")
    if event.ends_at > timezone.now():
        raise ValidationError(_("The training has not ended yet."), code="not_ended")
    Event.objects.select_for_update().get(pk=event.pk)  # one certification run at a time per training
    ended = timezone.localdate(event.ends_at)
    done = {"certified": 0, "already": 0, "skipped": []}
    for registration in completers(event):
        person = registration.person
        if Manager.objects.filter(person=person).exists() or Manager.objects.filter(
                registration=registration).exists():
            done["already"] += 1
            continue
        organisation = registration.organisation
        prefecture = _prefecture_of(organisation) or event.prefecture
        if prefecture is None:
            done["skipped"].append(str(person))
            continue
        create_logged(Manager, "networks.manager.certify", by=by, data={"event": event.pk}, person=person,
                      registration=registration, source=Source.TRAINING, name=person.full_name or person.email,
                      name_kana=getattr(person, "full_name_kana", "") or "", organisation=organisation,
                      certified_year=fiscal_year_of(ended), certified_on=ended, prefecture=prefecture,
                      email=person.email, created_by=by)
        done["certified"] += 1
    log_action(event, "networks.certification.run", by=by, data={
        "certified": done["certified"], "already": done["already"], "skipped": len(done["skipped"])})
    return done


# -- associations and NGOs -------------------------------------------------------------------------------------------

def _check_profile(values: dict, problems: dict) -> dict:
    if "fields" in values:
        values["fields"] = _codes(values["fields"], PortalField, "fields", problems)
    if "regions" in values:
        values["regions"] = _codes(values["regions"], Region, "regions", problems)
    if "languages" in values:
        values["languages"] = _codes(values["languages"], Language, "languages", problems)
    for name in ("phone", "address"):
        if name in values:
            values[name] = _text(values[name], name, problems, limit=30 if name == "phone" else 300)
    if "activities" in values:
        values["activities"] = _text(values["activities"], "activities", problems)
    return values


def _check_area(values: dict, problems: dict) -> None:
    area = values.get("area")
    if "area" in values and (area is None or not (
            area.kind == OrgKind.PREFECTURE or area.municipality_type == "designated_city")):
        problems["area"] = _("Choose a prefecture or a designated city.")
    recognised = values.get("recognised_on")
    if recognised and recognised > timezone.localdate():
        problems["recognised_on"] = _("The day of the recognition cannot be in the future.")
    elif recognised and recognised < EARLIEST:
        problems["recognised_on"] = _("A day from 1 January 1980.")


@transaction.atomic
def add_association(*, by, organisation: Organisation, **fields) -> AssociationProfile:
    """The directory entry of a regional international association (an organisation of that kind)."""
    _unknown(fields, ASSOCIATION_FIELDS, "add_association")
    require(by, "networks.add_association")
    problems = {}
    if organisation is None or organisation.kind != OrgKind.ASSOCIATION:
        problems["organisation"] = _("Choose a regional international association.")
    elif AssociationProfile.objects.filter(organisation=organisation).exists():
        problems["organisation"] = _("This association is already in the directory.")
    if "area" not in fields:
        fields["area"] = None
    _check_area(fields, problems)
    values = _check_profile(dict(fields), problems)
    if problems:
        raise ValidationError(problems)
    AssociationProfile(organisation=organisation, **values).full_clean()
    return create_logged(AssociationProfile, "networks.association.add", by=by, organisation=organisation, **values)


@transaction.atomic
def change_association(*, by, profile: AssociationProfile, **fields) -> AssociationProfile:
    _unknown(fields, ASSOCIATION_FIELDS, "change_association")
    require(by, "networks.change_association", profile)
    problems = {}
    _check_area(fields, problems)
    values = _check_profile(dict(fields), problems)
    if problems:
        raise ValidationError(problems)
    return _save_changes(profile, values, "networks.association.update", by=by)


@transaction.atomic
def register_ngo(*, by, organisation: Organisation | None = None, name: str = "", name_kana: str = "",
                 name_en: str = "", prefecture: Organisation | None = None, website: str = "",
                 **fields) -> NgoProfile:
    """An NGO's profile in the Plaza's directory: its own staff register it for their organisation; headquarters
    registers any NGO, adding the organisation when it is not in Kizuna yet (`name`…)."""
    _unknown(fields, NGO_FIELDS, "register_ngo")
    require(by, "networks.add_ngo")
    problems = {}
    if organisation is None:
        if not is_hq_staff(by):
            problems["organisation"] = _("Choose the NGO you work for.")
        elif not (name or "").strip():
            problems["name"] = _("Give the name of the NGO.")
        elif prefecture is not None and prefecture.kind != OrgKind.PREFECTURE:
            problems["prefecture"] = _("Choose a prefecture.")
    elif organisation.kind != OrgKind.NGO:
        problems["organisation"] = _("Choose an NGO or NPO.")
    elif not is_hq_staff(by) and organisation not in working_orgs(by, {OrgKind.NGO}):
        problems["organisation"] = _("Choose the NGO you work for.")
    elif NgoProfile.objects.filter(organisation=organisation).exists():
        problems["organisation"] = _("This NGO is already in the directory.")
    values = _check_profile(dict(fields), problems)
    if problems:
        raise ValidationError(problems)
    if organisation is None:
        organisation = create_organisation(by=by, kind=OrgKind.NGO, name=name.strip(), name_kana=name_kana.strip(),
                                           name_en=name_en.strip(), prefecture=prefecture, website=website)
    NgoProfile(organisation=organisation, **values).full_clean()
    return create_logged(NgoProfile, "networks.ngo.register", by=by, organisation=organisation, **values)


@transaction.atomic
def change_ngo(*, by, profile: NgoProfile, **fields) -> NgoProfile:
    _unknown(fields, NGO_FIELDS, "change_ngo")
    require(by, "networks.change_ngo", profile)
    problems = {}
    values = _check_profile(dict(fields), problems)
    if problems:
        raise ValidationError(problems)
    return _save_changes(profile, values, "networks.ngo.update", by=by)


# -- the Plaza's consultations -----------------------------------------------------------------------------------------

def _check_consultation(values: dict) -> dict:
    problems = {}
    values["subject"] = _text(values.get("subject"), "subject", problems, required=True, limit=200)
    values["question"] = _text(values.get("question"), "question", problems, required=True)
    values["asker_name"] = _text(values.get("asker_name"), "asker_name", problems, required=True, limit=200)
    values["asker_contact"] = _text(values.get("asker_contact"), "asker_contact", problems, limit=200)
    ngo = values.get("ngo")
    if ngo is not None and ngo.kind != OrgKind.NGO:
        problems["ngo"] = _("Choose an NGO or NPO.")
    field = values.get("field") or ""
    if field and field not in PortalField.values:
        problems["field"] = _("Choose from the list.")
    values["field"] = field
    received = values.get("received_on")
    if received is None:
        problems["received_on"] = _("This field is required.")
    elif received > timezone.localdate():
        problems["received_on"] = _("The day it was received cannot be in the future.")
    if problems:
        raise ValidationError(problems)
    return values


@transaction.atomic
def record_consultation(*, by, **fields) -> Consultation:
    """A consultation the Plaza received, by telephone, email, visit or the web form."""
    _unknown(fields, CONSULTATION_FIELDS, "record_consultation")
    require(by, "networks.add_consultation")
    values = _check_consultation(dict(fields))
    Consultation(created_by=by, **values).full_clean()
    return create_logged(Consultation, "networks.consultation.record", by=by, created_by=by, **values)


@transaction.atomic
def add_note(*, by, consultation: Consultation, text: str) -> ConsultationNote:
    require(by, "networks.work_consultation", consultation)
    problems = {}
    text = _text(text, "text", problems, required=True)
    if problems:
        raise ValidationError(problems)
    return create_logged(ConsultationNote, "networks.consultation.note", by=by, consultation=consultation,
                         text=text, written_by=by)


@CONSULTATION_TRANSITIONS.guard("answer_given")
def _answer_given(consultation, *, by, **changes) -> None:
    if not (consultation.answer or "").strip():
        raise ValidationError({"answer": _("Write the answer given.")})
    if len(consultation.answer) > MAX_TEXT:
        raise ValidationError({"answer": _("At most %(n)s characters.") % {"n": MAX_TEXT}})


def take_consultation(*, by, consultation: Consultation, note: str = "") -> Consultation:
    return transition(consultation, "take", by=by, note=note, handled_by=by)


def answer_consultation(*, by, consultation: Consultation, answer: str, note: str = "") -> Consultation:
    return transition(consultation, "answer", by=by, note=note, answer=(answer or "").strip(),
                      answered_at=timezone.now(), handled_by=by)


def reopen_consultation(*, by, consultation: Consultation, note: str = "") -> Consultation:
    return transition(consultation, "reopen", by=by, note=note, closed_at=None)


def close_consultation(*, by, consultation: Consultation, note: str = "") -> Consultation:
    return transition(consultation, "close", by=by, note=note, closed_at=timezone.now())

