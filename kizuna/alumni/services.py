"""Every write of the alumni network: alumni enrolled from their programme record, their profile and privacy,
consent withdrawn and given again, deletion, and chapter membership and states.

One person, one record: a participant who consented on leaving becomes an alumnus when their departure is
recorded (an effect of the participant's `depart` step), with their placements carried over from the
programme's record; one who did not can join later from the alumni page, and their placements come the same
way. Nothing of the programme is typed again."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kizuna.core.audit import create_logged, delete_logged, log_action, save_logged
from kizuna.core.enums import OrgKind
from kizuna.core.notifications import queue_mail
from kizuna.core.policies import require
from kizuna.core.uploads import check_upload
from kizuna.core.workflow import transition
from kizuna.jet.enums import PARTICIPANT_TRANSITIONS, Status
from kizuna.jet.models import AlumniConsent, Participant

from .enums import (
    CHAPTER_TRANSITIONS,
    MIN_MEMBERS,
    PRIVATE_FIELDS,
    AlumnusStatus,
    ChapterStatus,
    Source,
)
from .models import (
    Alumnus,
    Chapter,
    ChapterMember,
    CountryRepresentative,
    Placement,
    PossibleDuplicate,
    search_key,
)
from .rules import forget

PROFILE_FIELDS = ("full_name_kana", "email", "city", "employer", *PRIVATE_FIELDS.values())


def consent_wording() -> str:
    """The consent the person gives, in the language they read it in: kept word for word with its date."""
    return _("I agree that CLAIR keeps my name, country, contact details and JET placements in the JET alumni "
             "network, shows each of them only to the people I choose in my privacy settings, and writes to me "
             "about JETAA and alumni activities. I can withdraw this consent at any time: my profile is then "
             "hidden at once.")


def placements_of(participant: Participant) -> list[dict]:
    """A participant's placements: one per contracting organisation they served (a transfer starts another),
    with the position, the prefecture and the dates of the programme's record."""
    start = participant.arrived_on or participant.expected_arrival
    end = participant.departed_on or participant.leaving_on
    hosts = []
    host, since = participant.host, start
    transfers = sorted(participant.transfers.select_related("from_host__organisation", "to_host__organisation"),
                       key=lambda t: (t.on, t.pk))
    if transfers:
        host = transfers[0].from_host
    for move in transfers:
        hosts.append((host, since, move.on))
        host, since = move.to_host, move.on
    hosts.append((host, since, end))
    rows = []
    for host, since, until in hosts:
        organisation = host.organisation
        rows.append({"participant": participant, "organisation": organisation, "organisation_name": organisation.name,
                     "prefecture_id": organisation.prefecture_id, "position": participant.position,
                     "started_on": since, "ended_on": until if until and until >= since else None})
    return rows


def _new_alumnus(participant: Participant, *, by, person, source: str, wording: str) -> Alumnus:
    name = f"{participant.given_names} {participant.family_name}".strip()
    alumnus = create_logged(
        Alumnus, "alumni.alumnus.create", by=by, person=person, full_name=name,
        full_name_kana=participant.name_katakana, search_name=search_key(name, participant.name_katakana),
        jet_number=participant.jet_number, country=participant.nationality, email=participant.email,
        source=source, consent_wording=wording, consented_at=timezone.now())
    records = (Participant.objects.filter(person=person).select_related("host__organisation")
               .order_by("expected_arrival", "pk") if person else [participant])
    for record in records:
        for row in placements_of(record):
            create_logged(Placement, "alumni.placement.create", by=by, alumnus=alumnus, **row)
    return alumnus


@PARTICIPANT_TRANSITIONS.effect("depart")
def enrol_on_departure(participant: Participant, *, by, note="") -> None:
    """A participant who said yes to the alumni network joins it when their departure is recorded."""
    consent = AlumniConsent.objects.filter(participant=participant, consents=True).first()
    if consent is None or Alumnus.objects.filter(jet_number=participant.jet_number).exists():
        return
    if participant.person_id and Alumnus.objects.filter(person=participant.person_id).exists():
        return
    _new_alumnus(participant, by=by, person=participant.person, source=Source.DEPARTURE, wording=consent_wording())


def joinable_record(user) -> Participant | None:
    """The person's programme record that lets them join the network: their latest departed participation."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (Participant.objects.filter(person=user, status=Status.DEPARTED).select_related("host__organisation")
            .order_by("-departed_on", "-pk").first())


@transaction.atomic
def join_network(*, by) -> Alumnus:
    """The person joins the alumni network with their programme record, giving the consent shown to them."""
    require(by, "alumni.join_network")
    participant = joinable_record(by)
    if participant is None:
        raise ValidationError(_("The alumni network is for people who have left the JET Programme: Kizuna has no "
                                "departure on your record."), code="not_departed")
    try:
        with transaction.atomic():
            alumnus = _new_alumnus(participant, by=by, person=by, source=Source.JOINED, wording=consent_wording())
    except IntegrityError:
        raise ValidationError(_("You are already in the alumni network."), code="already") from None
    forget(by)
    return alumnus


IMPORTED_FIELDS = ("full_name", "full_name_kana", "jet_number", "birth_date", "country", "email", "city", "employer")


@transaction.atomic
def add_alumnus(*, by, person=None, placements=(), consented_at=None, consent_wording_given: str = "",
                **fields) -> Alumnus:
    """Headquarters adds an alumnus from an earlier list (the import's one row): the consent they gave then,
    with its date and words, and their placements (dicts of Placement's fields)."""
    require(by, "alumni.add_alumnus")
    unknown = set(fields) - set(IMPORTED_FIELDS)
    if unknown:
        raise TypeError(f"add_alumnus cannot set {sorted(unknown)}")
    alumnus = Alumnus(person=person, source=Source.IMPORT, consent_wording=consent_wording_given,
                      consented_at=consented_at or timezone.now(), **fields)
    alumnus.search_name = search_key(alumnus.full_name, alumnus.full_name_kana)
    alumnus.full_clean()
    alumnus = create_logged(Alumnus, "alumni.alumnus.import", by=by, person=person, source=Source.IMPORT,
                            consent_wording=alumnus.consent_wording, consented_at=alumnus.consented_at,
                            search_name=alumnus.search_name, **fields)
    for row in placements:
        placement = Placement(alumnus=alumnus, **row)
        placement.full_clean()
        create_logged(Placement, "alumni.placement.import", by=by, alumnus=alumnus, **row)
    return alumnus


@transaction.atomic
def update_profile(*, by, alumnus: Alumnus, **fields) -> Alumnus:
    """The alumnus's own changes: their reading, contacts, city, employer, and who sees each of them."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"update_profile cannot change {sorted(unknown)}")
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    require(by, "alumni.edit_profile", alumnus)
    changed = [name for name, value in fields.items() if getattr(alumnus, name) != value]
    for name in changed:
        setattr(alumnus, name, fields[name])
    alumnus.full_clean()
    if changed:
        if "full_name_kana" in changed:
            alumnus.search_name = search_key(alumnus.full_name, alumnus.full_name_kana)
            changed.append("search_name")
        save_logged(alumnus, "alumni.alumnus.update", by=by, fields=changed)
    return alumnus


MAX_PHOTO_BYTES = 2 * 1024 * 1024


@transaction.atomic
def set_photo(*, by, alumnus: Alumnus, upload=None) -> Alumnus:
    """The alumnus's photo (a PNG or JPEG of at most 2 MB, checked by its content), or none (`upload=None`)."""
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    require(by, "alumni.edit_profile", alumnus)
    old = alumnus.photo.name if alumnus.photo else ""
    if upload is not None:
        kind = check_upload(upload)
        if kind not in ("image/png", "image/jpeg") or upload.size > MAX_PHOTO_BYTES:
            raise ValidationError({"photo": _("A photo is a PNG or JPEG file of at most 2 MB.")}, code="photo")
        alumnus.photo.save(f"{uuid.uuid4().hex}.{'png' if kind == 'image/png' else 'jpg'}", upload, save=False)
    else:
        alumnus.photo = ""
    save_logged(alumnus, "alumni.alumnus.photo", by=by, fields=["photo"])
    if old:
        transaction.on_commit(lambda: alumnus.photo.storage.delete(old))
    return alumnus


def withdraw_consent(*, by, alumnus: Alumnus) -> Alumnus:
    """The profile is hidden from everyone at once; the record stays (the person may join again)."""
    return transition(alumnus, "withdraw", by=by, withdrawn_at=timezone.now())


def give_consent_again(*, by, alumnus: Alumnus) -> Alumnus:
    return transition(alumnus, "rejoin", by=by, consented_at=timezone.now(), consent_wording=consent_wording(),
                      withdrawn_at=None)


@transaction.atomic
def request_deletion(*, by, alumnus: Alumnus) -> Alumnus:
    """The person asks CLAIR to delete their record: hidden at once, deleted by headquarters."""
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    require(by, "alumni.edit_profile", alumnus)
    if alumnus.status == AlumnusStatus.LISTED:
        alumnus = withdraw_consent(by=by, alumnus=alumnus)
    if alumnus.deletion_requested_at is None:
        alumnus.deletion_requested_at = timezone.now()
        save_logged(alumnus, "alumni.alumnus.ask_deletion", by=by, fields=["deletion_requested_at"])
    return alumnus


@transaction.atomic
def delete_alumnus(*, by, alumnus: Alumnus) -> None:
    """Headquarters deletes a record whose owner asked for it: the profile, placements and memberships."""
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    require(by, "alumni.delete_alumnus", alumnus)
    if alumnus.deletion_requested_at is None:
        raise ValidationError(_("Only a record whose owner asked for its deletion is deleted here."),
                              code="not_asked")
    for member in alumnus.chapter_memberships.all():
        delete_logged(member, "alumni.chaptermember.delete", by=by)
    for placement in alumnus.placements.all():
        delete_logged(placement, "alumni.placement.delete", by=by)
    photo = alumnus.photo.name if alumnus.photo else ""
    delete_logged(alumnus, "alumni.alumnus.delete", by=by)
    if photo:
        transaction.on_commit(lambda: alumnus.photo.storage.delete(photo))


@transaction.atomic
def resolve_duplicate(*, by, duplicate, merge: bool):
    """Headquarters decides on a possible duplicate: the same person (the later record is merged into the
    earlier one: its placements and chapters move over, its empty fields fill the kept record's, then it is
    deleted) or different people (the pair is kept apart and not shown again)."""
    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    require(by, "alumni.merge_alumni")
    if duplicate.resolution:
        raise ValidationError(_("This pair has already been decided."), code="decided")
    duplicate.resolution, duplicate.resolved_at, duplicate.resolved_by = (
        "merged" if merge else "distinct", timezone.now(), by)
    save_logged(duplicate, "alumni.possibleduplicate.resolve", by=by,
                fields=["resolution", "resolved_at", "resolved_by"])
    if not merge:
        return None
    keep, drop = sorted(Alumnus.objects.select_for_update().filter(pk__in=[duplicate.alumnus_id,
                                                                           duplicate.other_id]),
                        key=lambda a: (a.created_at, a.pk))
    if keep.person_id and drop.person_id:
        raise ValidationError(_("Both records have an account: Kizuna cannot merge two accounts."),
                              code="two_accounts")
    filled = [name for name in ("person", "full_name_kana", "jet_number", "birth_date", "email", "city", "employer")
              if not getattr(keep, name if name != "person" else "person_id") and getattr(
                  drop, name if name != "person" else "person_id")]
    values = {name: getattr(drop, name) for name in filled}
    for placement in drop.placements.all():
        placement.alumnus = keep
        save_logged(placement, "alumni.placement.merge", by=by, fields=["alumnus"])
    kept_chapters = set(keep.chapter_memberships.filter(left_on__isnull=True).values_list("chapter_id", flat=True))
    for member in drop.chapter_memberships.all():
        if member.left_on is None and member.chapter_id in kept_chapters:
            delete_logged(member, "alumni.chaptermember.merge", by=by)
        else:
            member.alumnus = keep
            save_logged(member, "alumni.chaptermember.merge", by=by, fields=["alumnus"])
    for other in PossibleDuplicate.objects.filter(Q(alumnus=drop) | Q(other=drop)).exclude(pk=duplicate.pk):
        delete_logged(other, "alumni.possibleduplicate.merge", by=by)
    delete_logged(duplicate, "alumni.possibleduplicate.merge", by=by)
    delete_logged(drop, "alumni.alumnus.merge", by=by, data={"merged_into": keep.pk})
    for name, value in values.items():
        setattr(keep, name, value)
    if filled:
        keep.search_name = search_key(keep.full_name, keep.full_name_kana)
        save_logged(keep, "alumni.alumnus.merge", by=by, fields=[*filled, "search_name"])
    return keep


@transaction.atomic
def appoint_representative(*, by, alumnus: Alumnus, country: str, since: date | None = None):
    """Headquarters records an alumnus as their country's representative in JETAA International; the one
    before them (if any) hands over on the same day."""
    require(by, "alumni.manage_representatives")
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    if alumnus.status != AlumnusStatus.LISTED:
        raise ValidationError(_("Only an alumnus in the network represents a country."), code="not_listed")
    since = since or timezone.localdate()
    for current in CountryRepresentative.objects.select_for_update().filter(country=country, until__isnull=True):
        if current.alumnus_id == alumnus.pk:
            raise ValidationError(_("This alumnus already represents the country."), code="already")
        current.until = max(since, current.since)
        save_logged(current, "alumni.countryrepresentative.hand_over", by=by, fields=["until"])
    representative = CountryRepresentative(alumnus=alumnus, country=country, since=since)
    representative.full_clean(validate_constraints=False)
    return create_logged(CountryRepresentative, "alumni.countryrepresentative.create", by=by, alumnus=alumnus,
                         country=country, since=since)


# Chapters -------------------------------------------------------------------------------------------------

@transaction.atomic
def join_chapter(*, by, chapter: Chapter, on: date | None = None) -> ChapterMember:
    require(by, "alumni.join_chapter", chapter)
    alumnus = Alumnus.objects.select_for_update().get(person=by)
    if ChapterMember.objects.filter(chapter=chapter, alumnus=alumnus, left_on__isnull=True).exists():
        raise ValidationError(_("You are already a member of this chapter."), code="already")
    member = create_logged(ChapterMember, "alumni.chaptermember.create", by=by, chapter=chapter, alumnus=alumnus,
                           joined_on=on or timezone.localdate())
    forget(by)
    return member


@transaction.atomic
def leave_chapter(*, by, member: ChapterMember) -> ChapterMember:
    member = ChapterMember.objects.select_for_update().get(pk=member.pk)
    require(by, "alumni.leave_chapter", member)
    member.left_on = max(timezone.localdate(), member.joined_on)
    save_logged(member, "alumni.chaptermember.leave", by=by, fields=["left_on"])
    forget(by)
    return member


MAX_SUBJECT, MAX_BODY = 150, 10_000


@transaction.atomic
def mail_members(*, by, chapter: Chapter, subject: str, body: str) -> int:
    """An officer writes to the chapter's members: one mail each (no member sees another's address), in the
    member's language, sent after the commit. Returns how many were written to."""
    require(by, "alumni.mail_members", chapter)
    subject, body = (subject or "").strip(), (body or "").strip()
    problems = {}
    if not subject or len(subject) > MAX_SUBJECT:
        problems["subject"] = _("Write a subject of at most %(n)s characters.") % {"n": MAX_SUBJECT}
    if not body or len(body) > MAX_BODY:
        problems["body"] = _("Write a message of at most %(n)s characters.") % {"n": MAX_BODY}
    if problems:
        raise ValidationError(problems)
    members = (ChapterMember.objects.filter(chapter=chapter, left_on__isnull=True,
                                            alumnus__status=AlumnusStatus.LISTED)
               .select_related("alumnus__person").exclude(alumnus__email=""))
    path = chapter.get_absolute_url()
    sent = 0
    for member in members:
        person = member.alumnus.person
        language = getattr(person, "preferred_language", "") or "en"
        queue_mail(to=member.alumnus.email, template="alumni/mail/chapter", language=language,
                   context={"chapter": chapter, "officer": by, "subject": subject, "body": body, "path": path})
        sent += 1
    log_action(chapter, "alumni.chapter.mail", by=by, data={"subject": subject, "recipients": sent})
    return sent


@CHAPTER_TRANSITIONS.guard("foundable")
def _foundable(chapter: Chapter, *, by, **changes) -> None:
    """The JETAA rule: at least MIN_MEMBERS members and written bylaws."""
    problems = []
    members = chapter.members.filter(left_on__isnull=True, alumnus__status=AlumnusStatus.LISTED).count()
    if members < MIN_MEMBERS:
        problems.append(_("A chapter needs at least %(min)s members; it has %(n)s.") % {"min": MIN_MEMBERS,
                                                                                        "n": members})
    if chapter.bylaws_adopted_on is None and not chapter.bylaws:
        problems.append(_("A chapter needs written bylaws: record the date they were adopted first."))
    if problems:
        raise ValidationError(problems, code="not_foundable")


def found_chapter(*, by, chapter: Chapter, on: date | None = None) -> Chapter:
    return transition(chapter, "found", by=by, founded_on=on or timezone.localdate())


def lapse_chapter(*, by, chapter: Chapter) -> Chapter:
    return transition(chapter, "lapse", by=by)


def refound_chapter(*, by, chapter: Chapter) -> Chapter:
    return transition(chapter, "refound", by=by)


@transaction.atomic
def create_chapter(*, by, organisation, country: str, region: str, status: str = ChapterStatus.FOUNDING,
                   **fields) -> Chapter:
    """Headquarters records a chapter: an organisation of kind `jetaa` (new chapters start as being founded)."""
    require(by, "alumni.create_chapter")
    if organisation.kind != OrgKind.JETAA_CHAPTER:
        raise ValidationError({"organisation": _("A chapter is an organisation of the kind “JETAA chapter”.")})
    if Chapter.objects.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is already a chapter.")}, code="already")
    unknown = set(fields) - set(CHAPTER_FIELDS) - {"founded_on"}
    if unknown:
        raise TypeError(f"create_chapter cannot set {sorted(unknown)}")
    chapter = Chapter(organisation=organisation, country=country, region=region, status=status, **fields)
    chapter.full_clean(validate_unique=False)
    return create_logged(Chapter, "alumni.chapter.create", by=by, organisation=organisation, country=country,
                         region=region, status=status, **fields)


CHAPTER_FIELDS = ("region", "bylaws_adopted_on", "bylaws_url", "supported_by", "latitude", "longitude")


BYLAWS_KINDS = ("application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@transaction.atomic
def set_bylaws(*, by, chapter: Chapter, upload) -> Chapter:
    """The chapter's written bylaws as a document (PDF or Word, checked by its content)."""
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    require(by, "alumni.edit_chapter", chapter)
    if check_upload(upload) not in BYLAWS_KINDS:
        raise ValidationError({"bylaws": _("The bylaws are a PDF or Word (.docx) file.")}, code="bylaws")
    old = chapter.bylaws.name if chapter.bylaws else ""
    suffix = ".pdf" if upload.read(5) == b"%PDF-" else ".docx"
    upload.seek(0)
    chapter.bylaws.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    save_logged(chapter, "alumni.chapter.bylaws", by=by, fields=["bylaws"])
    if old:
        transaction.on_commit(lambda: chapter.bylaws.storage.delete(old))
    return chapter


@transaction.atomic
def update_chapter(*, by, chapter: Chapter, **fields) -> Chapter:
    unknown = set(fields) - set(CHAPTER_FIELDS)
    if unknown:
        raise TypeError(f"update_chapter cannot change {sorted(unknown)}")
    chapter = Chapter.objects.select_for_update().get(pk=chapter.pk)
    require(by, "alumni.edit_chapter", chapter)
    for name, value in fields.items():
        setattr(chapter, name, value)
    chapter.full_clean()
    save_logged(chapter, "alumni.chapter.update", by=by, fields=list(fields))
    return chapter

