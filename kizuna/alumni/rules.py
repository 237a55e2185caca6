"""Who sees and does what with alumni and chapters, and who sees which field of a profile.

The directory is for the alumni in the network, the chapters' officers and CLAIR's staff. A profile shows its
name, country and chapters to all of them; each other field (email, city, employer, placements, photo) only to the
circle its owner chose: CLAIR, their chapter (its members and officers), or all alumni. A withdrawn profile is
seen by its owner alone (and headquarters, who act on deletion requests). Pages, exports, the API and the
directory's filters all ask `field_q` / `sees_field`, so a hidden field is never shown, matched or counted.
"""

from typing import NamedTuple

from django.db.models import Q

from kizuna.core.enums import OrgKind, Role
from kizuna.core.policies import (
    ANYONE,
    SIGNED_IN,
    Condition,
    Field,
    IsUser,
    Policy,
    Through,
    Who,
    WorksFor,
    register,
)
from kizuna.core.rules import CLAIR_STAFF, HQ_STAFF, has_role, is_clair_staff, memberships_of, working_orgs
from kizuna.jet.queries import active_record

from .enums import PRIVATE_FIELDS, AlumnusStatus, ChapterStatus, JobStatus, Visibility
from .models import Alumnus, ChapterMember

_UNREAD = object()


def own_alumnus(user):
    """The person's own alumni record (listed or not), or None; one query a request, kept on the user."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_kizuna_alumnus", _UNREAD)  # getattr: request.user is a lazy object
    if cached is _UNREAD:
        cached = user._kizuna_alumnus = Alumnus.objects.filter(person=user).first()
    return cached


def is_listed_alumnus(user) -> bool:
    record = own_alumnus(user)
    return record is not None and record.status == AlumnusStatus.LISTED


def officer_of(user) -> set[int]:
    """The chapters (their organisation ids) the person is an officer of."""
    return {m.organisation_id for m in memberships_of(user) if m.role == Role.CHAPTER_OFFICER}


def my_chapters(user) -> set[int]:
    """The chapters the person shares with other members: those they belong to (as a listed alumnus) and those
    they are an officer of. One query a request, kept on the user."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_kizuna_chapters", _UNREAD)
    if cached is _UNREAD:
        record = own_alumnus(user)
        joined = set()
        if record is not None and record.status == AlumnusStatus.LISTED:
            joined = set(ChapterMember.objects.filter(alumnus=record, left_on__isnull=True)
                         .values_list("chapter_id", flat=True))
        cached = user._kizuna_chapters = joined | officer_of(user)
    return cached


def forget(user) -> None:
    """After the person's record or chapters changed: read them again."""
    for name in ("_kizuna_alumnus", "_kizuna_chapters"):
        if hasattr(user, name):
            delattr(user, name)


def uses_directory(user) -> bool:
    return is_listed_alumnus(user) or has_role(user, Role.CHAPTER_OFFICER)


LISTED_ALUMNUS = Who(is_listed_alumnus, "listed alumnus")
DIRECTORY_USER = Who(uses_directory, "alumnus or chapter officer")
LISTED = Field("status", AlumnusStatus.LISTED)
OWNER = IsUser("person")
OFFICER = WorksFor("organisation", roles={Role.CHAPTER_OFFICER})


# Fields ---------------------------------------------------------------------------------------------------

class Viewer(NamedTuple):
    """What decides a person's circle for any profile, found once for a list of profiles."""

    clair: bool  # CLAIR staff: every field
    chapters: frozenset  # the chapters they share with members (`my_chapters`)
    directory: bool  # a listed alumnus or a chapter officer: the fields open to all alumni


def viewer_of(user) -> Viewer:
    if is_clair_staff(user):
        return Viewer(clair=True, chapters=frozenset(), directory=True)  # CLAIR sees all: nothing more asked
    return Viewer(clair=False, chapters=frozenset(my_chapters(user)), directory=uses_directory(user))


def _circle(viewer: Viewer, alumnus_chapters) -> Visibility | None:
    """The widest circle the person is in for a profile: CLAIR (sees every field), chapter, all alumni."""
    if viewer.clair:
        return Visibility.CLAIR
    if not viewer.chapters.isdisjoint(alumnus_chapters):
        return Visibility.CHAPTER
    if viewer.directory:
        return Visibility.ALUMNI
    return None


OPEN_TO = {  # a field's visibility → the circles that see it
    Visibility.ALUMNI: {Visibility.CLAIR, Visibility.CHAPTER, Visibility.ALUMNI},
    Visibility.CHAPTER: {Visibility.CLAIR, Visibility.CHAPTER},
    Visibility.CLAIR: {Visibility.CLAIR},
}


def sees_field(user, alumnus, field: str, chapters=None) -> bool:
    """Whether the person sees `field` (a key of PRIVATE_FIELDS) of this profile. `chapters`: the ids of the
    alumnus's live chapters when the caller has them (a list page), else they are read."""
    return field in seen_fields(user, alumnus, chapters)


def seen_fields(user, alumnus, chapters=None, viewer: Viewer | None = None) -> set[str]:
    """The keys of PRIVATE_FIELDS the person sees of this profile: `sees_field` for every field at once (a list
    page asks for 50 profiles; the person's circle is found once a profile, not once a field, from `viewer`,
    `viewer_of(user)` found once for the list)."""
    if alumnus.person_id is not None and alumnus.person_id == getattr(user, "pk", None):
        return set(PRIVATE_FIELDS)
    if alumnus.status != AlumnusStatus.LISTED:
        return set()
    if chapters is None:
        chapters = list(alumnus.chapter_memberships.filter(left_on__isnull=True).values_list("chapter_id", flat=True))
    circle = _circle(viewer or viewer_of(user), chapters)
    if circle is None:
        return set()
    return {name for name, visibility in PRIVATE_FIELDS.items() if circle in OPEN_TO[getattr(alumnus, visibility)]}


def field_q(user, field: str, prefix: str = "") -> Q | bool:
    """The profiles (listed, or the person's own) whose `field` the person sees, as a filter: for a directory
    that filters or sorts by that field without revealing it where it is hidden."""
    visibility = f"{prefix}{PRIVATE_FIELDS[field]}"
    if not getattr(user, "is_authenticated", False):
        return False
    own = Q(**{f"{prefix}person": user.pk})
    if is_clair_staff(user):
        return own | Q(**{f"{prefix}status": AlumnusStatus.LISTED})
    if not uses_directory(user):
        return own
    shared = my_chapters(user)
    seen = Q(**{visibility: Visibility.ALUMNI})
    if shared:
        members = ChapterMember.objects.filter(chapter__in=sorted(shared), left_on__isnull=True).values("alumnus")
        seen |= Q(**{visibility: Visibility.CHAPTER, f"{prefix}pk__in": members})
    return own | (Q(**{f"{prefix}status": AlumnusStatus.LISTED}) & seen)


class SeesField(Condition):
    """The person sees this field of the profile (`sees_field`), in lists too (`field_q`)."""

    about_records = True

    def __init__(self, field: str):
        self.field = field

    def q(self, user, prefix=""):
        return field_q(user, self.field, prefix)

    def test(self, user, obj):
        return obj is not None and sees_field(user, obj, self.field)

    def __repr__(self):
        return f"SeesField({self.field})"


# Policies -------------------------------------------------------------------------------------------------

class AlumnusPolicy(Policy):
    model = "alumni.Alumnus"
    view = "alumni.view_alumnus"
    history = "alumni.read_history"  # the history holds every field's values: not for the directory's users
    actions = {
        "alumni.view_alumnus": OWNER | ((CLAIR_STAFF | DIRECTORY_USER) & LISTED) | HQ_STAFF,
        "alumni.edit_profile": OWNER,
        "alumni.read_history": OWNER | HQ_STAFF,
        "alumni.use_directory": CLAIR_STAFF | DIRECTORY_USER,
        "alumni.delete_alumnus": HQ_STAFF,
        "alumni.add_alumnus": HQ_STAFF,
        "alumni.merge_alumni": HQ_STAFF,
        "alumni.manage_representatives": HQ_STAFF,
        "alumni.view_deletion_requests": HQ_STAFF,
        "alumni.join_network": Who(lambda user: own_alumnus(user) is None, "not yet in the network")
                               & Who(lambda user: getattr(user, "is_authenticated", False), "signed in"),
    }


class PlacementPolicy(Policy):
    model = "alumni.Placement"
    view = "alumni.view_placement"
    actions = {"alumni.view_placement": Through("alumnus", SeesField("placements"))}


STILL_OPEN = Field("status", in_=(ChapterStatus.ACTIVE, ChapterStatus.FOUNDING, ChapterStatus.REFOUNDING))


class ChapterPolicy(Policy):
    model = "alumni.Chapter"
    view = "alumni.view_chapter"
    actions = {
        "alumni.view_chapter": ANYONE,  # chapters are public: their name, country and page
        "alumni.view_chapters": ANYONE,
        "alumni.join_chapter": LISTED_ALUMNUS & STILL_OPEN,
        "alumni.view_members": OFFICER | CLAIR_STAFF,
        "alumni.mail_members": OFFICER,
        "alumni.edit_chapter": OFFICER | HQ_STAFF,
        "alumni.manage_chapter": HQ_STAFF | WorksFor("supported_by"),
        "alumni.create_chapter": HQ_STAFF,
    }


class ChapterMemberPolicy(Policy):
    model = "alumni.ChapterMember"
    view = "alumni.view_chapter_member"
    actions = {
        "alumni.view_chapter_member": Through("alumnus", OWNER) | Through("chapter", OFFICER) | CLAIR_STAFF,
        "alumni.leave_chapter": Through("alumnus", OWNER) & Field("left_on", None),
    }


class PossibleDuplicatePolicy(Policy):
    model = "alumni.PossibleDuplicate"
    view = "alumni.view_possible_duplicate"
    actions = {"alumni.view_possible_duplicate": HQ_STAFF}


class CountryRepresentativePolicy(Policy):
    """JETAA International's country representatives: seen, like a profile's name, by the directory's users."""

    model = "alumni.CountryRepresentative"
    view = "alumni.view_representative"
    actions = {"alumni.view_representative": Through("alumnus", LISTED) & (CLAIR_STAFF | DIRECTORY_USER)}


# Jobs: posted by companies and local governments (their working members) and chapters (their officers).
POSTING_KINDS = frozenset({OrgKind.COMPANY, OrgKind.PREFECTURE, OrgKind.MUNICIPALITY, OrgKind.WARD})
POSTER = (WorksFor("organisation", kinds=POSTING_KINDS)
          | WorksFor("organisation", roles={Role.CHAPTER_OFFICER}, kinds={OrgKind.JETAA_CHAPTER}))


def may_post_jobs(user) -> bool:
    return bool(working_orgs(user, POSTING_KINDS)) or bool(officer_of(user))


class JobPostingPolicy(Policy):
    model = "alumni.JobPosting"
    view = "alumni.view_job"
    actions = {
        # an open posting is for every signed-in person (alumni and participants look for one); a closed or
        # expired one for its poster and headquarters (expiry is checked by the lists, `queries.open_jobs`)
        "alumni.view_job": (Field("status", JobStatus.OPEN) & SIGNED_IN) | POSTER | HQ_STAFF,
        "alumni.view_jobs": SIGNED_IN,
        "alumni.post_job": Who(may_post_jobs, "works for a company, a local government or a chapter") | HQ_STAFF,
        "alumni.manage_job": POSTER | HQ_STAFF,
    }


def participant_record(user):
    """The person's participant record while they are in the programme, or None (kept on the user)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_kizuna_active_record", _UNREAD)
    if cached is _UNREAD:
        cached = user._kizuna_active_record = active_record(user)
    return cached


def is_active_participant(user) -> bool:
    return participant_record(user) is not None


MENTEE = Through("participant", IsUser("person"))
THE_MENTOR = Through("mentor__alumnus", OWNER)


class MentorPolicy(Policy):
    model = "alumni.Mentor"
    view = "alumni.view_mentor"
    actions = {
        # mentors are listed for participants in the programme, alumni and CLAIR, while their consent stands
        "alumni.view_mentor": Through("alumnus", OWNER | (LISTED & (Who(is_active_participant, "participant")
                                                                    | CLAIR_STAFF | DIRECTORY_USER))),
        "alumni.view_mentors": Who(is_active_participant, "participant") | CLAIR_STAFF | DIRECTORY_USER,
        "alumni.offer_mentoring": LISTED_ALUMNUS,
        "alumni.ask_mentor": Who(is_active_participant, "participant") & Field("is_available", True)
                             & Through("alumnus", LISTED),
    }


class MentoringRequestPolicy(Policy):
    model = "alumni.MentoringRequest"
    view = "alumni.view_mentoring"
    actions = {
        "alumni.view_mentoring": MENTEE | THE_MENTOR | HQ_STAFF,
        "alumni.view_own_mentoring": SIGNED_IN,
        "alumni.answer_mentoring": THE_MENTOR,
        "alumni.withdraw_mentoring": MENTEE,
        "alumni.end_mentoring": MENTEE | THE_MENTOR,
    }


for _policy in (AlumnusPolicy(), PlacementPolicy(), ChapterPolicy(), ChapterMemberPolicy(),
                PossibleDuplicatePolicy(), CountryRepresentativePolicy(), JobPostingPolicy(), MentorPolicy(),
                MentoringRequestPolicy()):
    register(_policy)
