"""Every write of the JET Programme's records, logged; the participant's year through its transition table."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kizuna.core.audit import SYSTEM, create_logged, log_action, save_logged
from kizuna.core.enums import MunicipalityType, OrgKind, Role
from kizuna.core.models import Membership
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from . import reappointment
from .enums import MAX_YEARS, PARTICIPANT_TRANSITIONS, SUMMER_TERM_ENDS, Cohort, Status
from .models import Appointment, JetHost, Participant, Transfer, Workplace

PARTICIPANT_FIELDS = ("jet_number", "family_name", "given_names", "name_katakana", "email", "position",
                      "nationality", "recruiting_country", "cohort", "expected_arrival", "host",
                      "emergency_name", "emergency_relation", "emergency_phone", "emergency_email")
EDITABLE = tuple(f for f in PARTICIPANT_FIELDS if f not in ("jet_number", "host"))


def _one_year_from(start: date) -> date:
    """The last day of an appointment year that starts on `start`."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28) - timedelta(days=1)


def first_term_end(cohort: str, start: date) -> date:
    """The last day of the first appointment: a year, except for April arrivals, whose short first term ends on
    the first 31 July after it starts so that from then on their years run with the summer cohort's."""
    if cohort != Cohort.APRIL:
        return _one_year_from(start)
    month, day = SUMMER_TERM_ENDS
    end = date(start.year, month, day)
    return end if end >= start else date(start.year + 1, month, day)


@PARTICIPANT_TRANSITIONS.guard("arrival_date_known")
def _arrival_date_known(participant, *, by, **changes) -> None:
    if participant.arrived_on is None:
        raise ValidationError({"arrived_on": _("Give the date of arrival.")}, code="no_arrival")


@transaction.atomic
def coordinating_body_of(org):
    """The coordinating body (取りまとめ団体) of a local government: a prefecture and a designated city coordinate
    themselves; any other body is coordinated by its prefecture."""
    if org.kind == OrgKind.PREFECTURE or org.municipality_type == MunicipalityType.DESIGNATED_CITY:
        return org
    return org.prefecture or org


def create_host(*, by, organisation, coordinating_body) -> JetHost:
    require(by, "jet.manage_hosts")
    if JetHost.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("%(org)s is already a contracting organisation.") % {"org": organisation})
    return create_logged(JetHost, "jet.jethost.create", by=by, organisation=organisation,
                         coordinating_body=coordinating_body)


@transaction.atomic
def add_workplace(*, by, host: JetHost, name: str, kind: str, address: str = "") -> Workplace:
    require(by, "jet.manage_host", host)
    workplace = Workplace(host=host, name=name.strip(), kind=kind, address=address.strip())
    workplace.full_clean()
    save_logged(workplace, "jet.workplace.create", by=by)
    return workplace


@transaction.atomic
def add_participant(*, by, data: dict, workplaces=()) -> Participant:
    """A placement: headquarters (or an import, by headquarters or the contracting organisation's administrator)
    records a new participant before arrival."""
    if not by.has_perm("jet.add_participant"):
        require(by, "jet.place_participants", data.get("host"))
    participant = Participant(**{k: data[k] for k in PARTICIPANT_FIELDS if k in data})
    # Each check constraint repeats a field's choices or validators, which full_clean checks in Python; asked in
    # SQL as well they cost three queries each (a savepoint around each), twelve a participant in an intake.
    participant.full_clean(validate_constraints=False)
    save_logged(participant, "jet.participant.create", by=by)
    if workplaces:
        set_workplaces(by=by, participant=participant, workplaces=workplaces)
    return participant


@transaction.atomic
def update_participant(*, by, participant: Participant, data: dict) -> Participant:
    require(by, "jet.manage_participant", participant)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    changed = [name for name in EDITABLE if name in data and getattr(participant, name) != data[name]]
    for name in changed:
        setattr(participant, name, data[name])
    participant.full_clean()
    if changed:
        save_logged(participant, "jet.participant.update", by=by, fields=changed)
    return participant


@transaction.atomic
def set_workplaces(*, by, participant: Participant, workplaces) -> None:
    require(by, "jet.manage_participant", participant)
    wanted = list(workplaces)
    wrong = [w for w in wanted if w.host_id != participant.host_id]
    if wrong:
        raise ValidationError({"workplaces": _("A workplace must belong to the participant's contracting "
                                               "organisation.")})
    before = sorted(participant.workplaces.values_list("pk", flat=True))
    participant.workplaces.set(wanted)
    after = sorted(w.pk for w in wanted)
    if before != after:
        log_action(participant, "jet.participant.set_workplaces", by=by, changes={"workplaces": [before, after]})


@transaction.atomic
@transaction.atomic
def record_arrival(*, by, participant: Participant, arrived_on: date) -> Participant:
    """The participant is in Japan: the first appointment year starts the day after arrival (for an April
    arrival, a short one to the end of July)."""
    participant = transition(participant, "arrive", by=by, arrived_on=arrived_on)
    starts = arrived_on + timedelta(days=1)
    create_logged(Appointment, "jet.appointment.create", by=by, participant=participant, year=1, starts_on=starts,
                  ends_on=first_term_end(participant.cohort, starts))
    reappointment.join_open_round(by=by, participant=participant)
    return participant


def take_post(*, by, participant: Participant) -> Participant:
    return transition(participant, "take_post", by=by, contract_year=participant.contract_year)


def announce_leaving(*, by, participant: Participant, leaving_on: date) -> Participant:
    return transition(participant, "announce_leaving", by=by, leaving_on=leaving_on)


def stay_on(*, by, participant: Participant) -> Participant:
    return transition(participant, "stay_on", by=by)


def record_departure(*, by, participant: Participant, departed_on: date) -> Participant:
    return transition(participant, "depart", by=by, departed_on=departed_on)


def withdraw(*, by, participant: Participant) -> Participant:
    return transition(participant, "withdraw", by=by)


@transaction.atomic
def renew(*, participant: Participant) -> Participant:
    """A new appointment year (a system step, run when the last one ends for a participant staying on)."""
    last = participant.appointments.order_by("-year").first()
    if last is None or participant.contract_year >= MAX_YEARS:
        raise ValidationError(_("No further appointment year is possible."), code="max_years")
    participant = transition(participant, "renew", by=SYSTEM, contract_year=participant.contract_year + 1)
    starts = last.ends_on + timedelta(days=1)
    create_logged(Appointment, "jet.appointment.create", by=SYSTEM, participant=participant,
                  year=participant.contract_year, starts_on=starts, ends_on=_one_year_from(starts))
    return participant


@transaction.atomic
def transfer(*, by, participant: Participant, to_host: JetHost, on: date, reason: str) -> Transfer:
    """Rare: the participant moves to another contracting organisation (headquarters records it)."""
    require(by, "jet.add_participant")
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the participant moves.")})
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.host_id == to_host.pk:
        raise ValidationError({"to_host": _("The participant is already there.")})
    if participant.status not in (Status.PLACED, Status.ARRIVED, Status.IN_POST, Status.LEAVING):
        raise ValidationError(_("Only a participant in the programme can move."))
    moved = create_logged(Transfer, "jet.transfer.create", by=by, participant=participant,
                          from_host=participant.host, to_host=to_host, on=on, reason=reason.strip())
    participant.host = to_host
    save_logged(participant, "jet.participant.transfer", by=by, fields=["host"])
    set_workplaces(by=by, participant=participant, workplaces=[])
    return moved


@transaction.atomic
def claim_record(*, by) -> Participant | None:
    """Link a participant's record to the account that accepted the invitation sent to its email: the person is
    a JET member of the record's contracting organisation and has no record yet. Returns the record, if any."""
    if not by.is_authenticated or Participant.objects.filter(person=by).exists():
        return None
    hosts = Membership.objects.active().filter(person=by, role=Role.JET).values_list("organisation_id", flat=True)
    found = (Participant.objects.select_for_update()
             .filter(person__isnull=True, email__iexact=by.email, host__organisation_id__in=list(hosts))
             .order_by("-expected_arrival").first())
    if found is None:
        return None
    found.person = by
    save_logged(found, "jet.participant.link_account", by=by, fields=["person"])
    return found
