"""Every write of the seconded-staff records: the secondment through its states, postings in sequence (they keep
where the person works now), training records, field-training reports, and the curriculum's courses."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import delete_logged, log_action, save_logged
from kizuna.core.countries import is_country_code
from kizuna.core.enums import WORKING_ROLES, OrgKind
from kizuna.core.models import Membership
from kizuna.core.policies import require
from kizuna.core.workflow import transition

from .enums import HOME_KINDS, POSTING_KINDS, SECONDMENT_TRANSITIONS, SecondmentStatus
from .models import Course, FieldTraining, LanguageTest, LanguageTraining, OJTRecord, Posting, Secondment

SECONDMENT_FIELDS = ("home_division", "starts_on", "ends_on", "note")
POSTING_FIELDS = ("organisation", "division", "title", "starts_on", "ends_on")
COURSE_FIELDS = ("topic", "title", "title_en", "position", "is_active")
# The records kept during a secondment, by the short name the pages and the API use.
RECORDS = {
    "training": (LanguageTraining, ("name", "language", "provider", "starts_on", "ends_on", "hours")),
    "test": (LanguageTest, ("name", "language", "taken_on", "score", "level", "result_on")),
    "field": (FieldTraining, ("country", "place", "host_office", "starts_on", "ends_on", "theme", "report",
                              "report_on")),
    "ojt": (OJTRecord, ("starts_on", "ends_on", "unit", "supervisor", "tasks", "assessment")),
}
MAX_YEARS = 5
MAX_HOURS = Decimal("2000")
# Language training may begin before the person arrives (pre-departure courses).
TRAINING_BEFORE = timedelta(days=365)


def _unknown(fields, allowed, what) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{what} cannot change {sorted(unknown)}")


def works_at_clair(person) -> bool:
    """Has an active working membership of headquarters or an overseas office."""
    return Membership.objects.active().filter(person=person, role__in=WORKING_ROLES,
                                              organisation__kind__in=POSTING_KINDS).exists()


# -- the secondment ----------------------------------------------------------------------------------------------

def _check_period(starts_on, ends_on, problems: dict) -> None:
    if starts_on and ends_on:
        if ends_on < starts_on:
            problems["ends_on"] = _("The end cannot come before the start.")
        elif ends_on > starts_on + timedelta(days=366 * MAX_YEARS):
            problems["ends_on"] = _("A secondment lasts at most %(n)s years.") % {"n": MAX_YEARS}


def _overlapping(person, starts_on, ends_on, exclude=None):
    found = Secondment.objects.filter(person=person, starts_on__lte=ends_on, ends_on__gte=starts_on).exclude(
        status=SecondmentStatus.ENDED_EARLY, ended_on__lt=starts_on)
    return found.exclude(pk=exclude.pk) if exclude is not None else found


@transaction.atomic
def create_secondment(*, by, person, home_government, starts_on: date, ends_on: date, home_division: str = "",
                      note: str = "", posting: dict | None = None) -> Secondment:
    """A planned secondment of `person` (who works at headquarters or an office) from `home_government`, and its
    first posting when `posting` gives one (organisation, division, title)."""
    require(by, "secondments.add_secondment")
    problems = {}
    if person is None or not works_at_clair(person):
        problems["person"] = _("Choose a person who works at headquarters or an overseas office.")
    if home_government is None or home_government.kind not in HOME_KINDS:
        problems["home_government"] = _("Choose a prefecture, a municipality or a ward.")
    _check_period(starts_on, ends_on, problems)
    if not problems and _overlapping(person, starts_on, ends_on).exists():
        problems["starts_on"] = _("This person already has a secondment in this period.")
    if problems:
        raise ValidationError(problems)
    secondment = Secondment(person=person, home_government=home_government, starts_on=starts_on, ends_on=ends_on,
                            home_division=home_division, note=note, created_by=by)
    secondment.full_clean()
    save_logged(secondment, "secondments.secondment.create", by=by)
    if posting:
        add_posting(by=by, secondment=secondment, starts_on=starts_on, ends_on=None, **posting)
        secondment.refresh_from_db()
    return secondment


@transaction.atomic
def update_secondment(*, by, secondment: Secondment, **fields) -> Secondment:
    _unknown(fields, SECONDMENT_FIELDS, "update_secondment")
    require(by, "secondments.manage_secondment", secondment)
    secondment = Secondment.objects.select_for_update().get(pk=secondment.pk)
    for name, value in fields.items():
        setattr(secondment, name, value)
    problems = {}
    _check_period(secondment.starts_on, secondment.ends_on, problems)
    if not problems and _overlapping(secondment.person, secondment.starts_on, secondment.ends_on,
                                     exclude=secondment).exists():
        problems["starts_on"] = _("This person already has a secondment in this period.")
    if problems:
        raise ValidationError(problems)
    secondment.full_clean()
    save_logged(secondment, "secondments.secondment.update", by=by, fields=list(fields))
    return secondment


@SECONDMENT_TRANSITIONS.guard("can_start")
def _can_start(secondment, *, by, **changes) -> None:
    problems = {}
    if not secondment.postings.exists():
        problems["organisation"] = _("Record where the person works (a posting) first.")
    if secondment.started_on is None:
        problems["started_on"] = _("Give the day the person arrived.")
    elif secondment.started_on > timezone.localdate():
        problems["started_on"] = _("The day of arrival cannot be in the future.")
    if problems:
        raise ValidationError(problems)


@SECONDMENT_TRANSITIONS.guard("can_end")
def _can_end(secondment, *, by, **changes) -> None:
    ended = secondment.ended_on
    if ended is None:
        raise ValidationError({"ended_on": _("Give the day the person left.")})
    if ended < (secondment.started_on or secondment.starts_on):
        raise ValidationError({"ended_on": _("The day the person left cannot come before the day they arrived.")})
    if ended > timezone.localdate() + timedelta(days=31):
        raise ValidationError({"ended_on": _("Record the end at most a month ahead.")})


@SECONDMENT_TRANSITIONS.guard("reason_given")
def _reason_given(secondment, *, by, **changes) -> None:
    _can_end(secondment, by=by)
    if not (secondment.end_reason or "").strip():
        raise ValidationError({"end_reason": _("Say why the secondment ends early.")})


@SECONDMENT_TRANSITIONS.effect("complete", "end_early")
def _close_the_posting(secondment, *, by, note=""):
    """The open posting ends on the day the person left."""
    for posting in secondment.postings.filter(ends_on__isnull=True):
        posting.ends_on = max(secondment.ended_on, posting.starts_on)
        save_logged(posting, "secondments.posting.close", by=by, fields=["ends_on"])


def start_secondment(*, by, secondment: Secondment, started_on: date) -> Secondment:
    return transition(secondment, "start", by=by, started_on=started_on)


def complete_secondment(*, by, secondment: Secondment, ended_on: date, note: str = "") -> Secondment:
    return transition(secondment, "complete", by=by, note=note, ended_on=ended_on)


def end_secondment_early(*, by, secondment: Secondment, ended_on: date, reason: str) -> Secondment:
    return transition(secondment, "end_early", by=by, ended_on=ended_on, end_reason=(reason or "").strip())


# -- postings ----------------------------------------------------------------------------------------------------

def current_posting(postings, day: date | None = None):
    """The posting of `day` (today): the latest begun by then and not ended before it, else the first."""
    day = day or timezone.localdate()
    postings = sorted(postings, key=lambda p: (p.starts_on, p.pk or 0))
    begun = [p for p in postings if p.starts_on <= day and (p.ends_on is None or p.ends_on >= day)]
    if begun:
        return begun[-1]
    before = [p for p in postings if p.starts_on <= day]
    return before[-1] if before else (postings[0] if postings else None)


def _refresh_workplace(secondment: Secondment, *, by) -> None:
    posting = current_posting(list(secondment.postings.all()))
    organisation_id = posting.organisation_id if posting else None
    if secondment.organisation_id != organisation_id:
        secondment.organisation_id = organisation_id
        save_logged(secondment, "secondments.secondment.workplace", by=by, fields=["organisation"])


def _check_posting(posting: Posting, secondment: Secondment) -> None:
    problems = {}
    organisation = posting.organisation if posting.organisation_id else None
    if organisation is None or organisation.kind not in POSTING_KINDS:
        problems["organisation"] = _("Choose headquarters or an overseas office.")
    elif organisation.kind == OrgKind.HEADQUARTERS and not posting.division:
        problems["division"] = _("Choose the division of headquarters.")
    elif organisation.kind != OrgKind.HEADQUARTERS and posting.division:
        problems["division"] = _("A division is only chosen at headquarters.")
    if posting.starts_on and not (secondment.starts_on <= posting.starts_on <= secondment.ends_on):
        problems["starts_on"] = _("The posting begins within the secondment (%(start)s – %(end)s).") % {
            "start": secondment.starts_on, "end": secondment.ends_on}
    if posting.ends_on and posting.starts_on and posting.ends_on < posting.starts_on:
        problems["ends_on"] = _("The end cannot come before the start.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def add_posting(*, by, secondment: Secondment, **fields) -> Posting:
    """A posting from a date. The posting still open before it ends the day before; a posting that would overlap
    another one is refused."""
    _unknown(fields, POSTING_FIELDS, "add_posting")
    require(by, "secondments.manage_secondment", secondment)
    secondment = Secondment.objects.select_for_update().get(pk=secondment.pk)
    posting = Posting(secondment=secondment, **fields)
    _check_posting(posting, secondment)
    others = list(secondment.postings.all())
    for other in others:
        if other.ends_on is None and other.starts_on < posting.starts_on:
            other.ends_on = posting.starts_on - timedelta(days=1)
            save_logged(other, "secondments.posting.close", by=by, fields=["ends_on"])
    _refuse_overlap(posting, others)
    posting.full_clean()
    save_logged(posting, "secondments.posting.create", by=by)
    _refresh_workplace(secondment, by=by)
    return posting


def _refuse_overlap(posting: Posting, others) -> None:
    far = date(9999, 12, 31)
    for other in others:
        if other.pk == posting.pk:
            continue
        if other.starts_on <= (posting.ends_on or far) and posting.starts_on <= (other.ends_on or far):
            raise ValidationError({"starts_on": _("It overlaps the posting at %(where)s from %(start)s.")
                                   % {"where": other, "start": other.starts_on}})


@transaction.atomic
def edit_posting(*, by, posting: Posting, **fields) -> Posting:
    _unknown(fields, POSTING_FIELDS, "edit_posting")
    require(by, "secondments.manage_secondment", posting.secondment)
    posting = Posting.objects.select_for_update().select_related("secondment").get(pk=posting.pk)
    for name, value in fields.items():
        setattr(posting, name, value)
    _check_posting(posting, posting.secondment)
    _refuse_overlap(posting, list(posting.secondment.postings.all()))
    posting.full_clean()
    save_logged(posting, "secondments.posting.update", by=by, fields=list(fields))
    _refresh_workplace(posting.secondment, by=by)
    return posting


@transaction.atomic
def remove_posting(*, by, posting: Posting) -> None:
    secondment = posting.secondment
    require(by, "secondments.manage_secondment", secondment)
    if secondment.status != SecondmentStatus.PLANNED and secondment.postings.count() == 1:
        raise ValidationError(_("A secondment that has begun keeps at least one posting."))
    delete_logged(posting, "secondments.posting.delete", by=by)
    _refresh_workplace(secondment, by=by)


# -- training records ----------------------------------------------------------------------------------------------

def _hours(value) -> Decimal | None:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return hours if hours.is_finite() else None


def check_record(kind: str, record, secondment: Secondment) -> None:
    problems = {}
    first, last = secondment.starts_on, secondment.ends_on
    today = timezone.localdate()
    if kind == "training":
        hours = _hours(record.hours)
        if hours is None or hours <= 0 or hours > MAX_HOURS:
            problems["hours"] = _("Enter the hours: more than 0, at most %(n)s.") % {"n": MAX_HOURS}
        if record.starts_on and not (first - TRAINING_BEFORE <= record.starts_on <= last):
            problems["starts_on"] = _("The course begins within the secondment or the year before it.")
    elif kind == "test":
        if record.taken_on and record.taken_on > today:
            problems["taken_on"] = _("A test not yet taken has no result: record it once taken.")
        elif record.taken_on and not (first - TRAINING_BEFORE <= record.taken_on <= last):
            problems["taken_on"] = _("The test is taken within the secondment or the year before it.")
        if not (record.score or "").strip() and not (record.level or "").strip():
            problems["score"] = _("Give the score, the level, or both.")
        if record.result_on and record.taken_on and record.result_on < record.taken_on:
            problems["result_on"] = _("The result cannot come before the test.")
    elif kind == "field":
        if not is_country_code(record.country or "") or record.country == "JP":
            problems["country"] = _("Choose the country abroad where the training takes place.")
        if record.host_office_id and record.host_office.kind != OrgKind.OVERSEAS_OFFICE:
            problems["host_office"] = _("Choose an overseas office.")
        if record.starts_on and not (first <= record.starts_on <= last):
            problems["starts_on"] = _("The training takes place within the secondment (%(start)s – %(end)s).") % {
                "start": first, "end": last}
    elif kind == "ojt":
        if record.starts_on and not (first <= record.starts_on <= last):
            problems["starts_on"] = _("The training takes place within the secondment (%(start)s – %(end)s).") % {
                "start": first, "end": last}
        if not (record.tasks or "").strip():
            problems["tasks"] = _("Describe the tasks.")
    end = getattr(record, "ends_on", None)
    start = getattr(record, "starts_on", None)
    if end and start and end < start:
        problems["ends_on"] = _("The end cannot come before the start.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def save_record(*, by, kind: str, secondment: Secondment | None = None, record=None, **fields):
    """A new record of `kind` ("training", "test", "field", "ojt") for `secondment`, or changes to `record`."""
    model, allowed = RECORDS[kind]
    _unknown(fields, allowed, f"save_record({kind})")
    secondment = record.secondment if record is not None else secondment
    require(by, "secondments.keep_records", secondment)
    if record is None:
        record = model(secondment=secondment, **fields)
        action = f"secondments.{model._meta.model_name}.create"
    else:
        record = model.objects.select_for_update().get(pk=record.pk)
        for name, value in fields.items():
            setattr(record, name, value)
        action = f"secondments.{model._meta.model_name}.update"
    check_record(kind, record, secondment)
    record.full_clean()
    save_logged(record, action, by=by, fields=None if record.pk is None else list(fields))
    return record


@transaction.atomic
def delete_record(*, by, record) -> None:
    require(by, "secondments.keep_records", record.secondment)
    delete_logged(record, f"secondments.{record._meta.model_name}.delete", by=by)


@transaction.atomic
def write_report(*, by, training: FieldTraining, report: str) -> FieldTraining:
    """The report of a field training, by the person who went (or those who keep the records)."""
    require(by, "secondments.write_report", training)
    report = (report or "").strip()
    if not report:
        raise ValidationError({"report": _("Write the report.")})
    if training.ends_on > timezone.localdate():
        raise ValidationError({"report": _("The report is written once the training is over.")})
    training = FieldTraining.objects.select_for_update().get(pk=training.pk)
    training.report, training.report_on = report[:20000], timezone.localdate()
    save_logged(training, "secondments.fieldtraining.report", by=by, fields=["report", "report_on"])
    return training


# -- the curriculum --------------------------------------------------------------------------------------------------

@transaction.atomic
def save_course(*, by, course: Course | None = None, events=None, **fields) -> Course:
    """A course of the expert curriculum and the events that hold it (the change of events is logged)."""
    _unknown(fields, COURSE_FIELDS, "save_course")
    require(by, "secondments.manage_courses")
    if course is None:
        course = Course(**fields)
        course.full_clean()
        save_logged(course, "secondments.course.create", by=by)
    else:
        for name, value in fields.items():
            setattr(course, name, value)
        course.full_clean()
        save_logged(course, "secondments.course.update", by=by, fields=list(fields))
    if events is not None:
        before = sorted(course.events.values_list("pk", flat=True))
        after = sorted({e.pk for e in events})
        if before != after:
            course.events.set(after)
            log_action(course, "secondments.course.events", by=by, changes={"events": [before, after]})
    return course
