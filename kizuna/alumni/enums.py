"""Alumni records, the privacy each alumnus chooses for their profile, and JETAA chapters with their states.

This module imports nothing of its app: guards and effects are attached by name from the services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.workflow import Transition, TransitionTable


class Visibility(models.TextChoices):
    """Who sees a field of an alumnus's profile, from the narrowest: the alumnus chooses it per field."""

    CLAIR = "clair", _("Only CLAIR")
    CHAPTER = "chapter", _("My chapter")
    ALUMNI = "alumni", _("All alumni")


# The profile's fields with a visibility of their own (field name → the field holding its visibility)
PRIVATE_FIELDS = {"email": "email_visibility", "city": "city_visibility", "employer": "employer_visibility",
                  "placements": "placements_visibility", "photo": "photo_visibility"}


class AlumnusStatus(models.TextChoices):
    LISTED = "listed", pgettext_lazy("alumnus", "In the network")
    WITHDRAWN = "withdrawn", pgettext_lazy("alumnus", "Consent withdrawn")


ALUMNUS_TRANSITIONS = TransitionTable(
    # Withdrawing consent hides the profile from everyone at once; the person may come back.
    Transition("withdraw", {AlumnusStatus.LISTED}, AlumnusStatus.WITHDRAWN, "alumni.edit_profile",
               _("Withdraw my consent"), fields=("withdrawn_at",)),
    Transition("rejoin", {AlumnusStatus.WITHDRAWN}, AlumnusStatus.LISTED, "alumni.edit_profile",
               _("Join the network again"), fields=("consented_at", "consent_wording", "withdrawn_at")),
)


class Source(models.TextChoices):
    DEPARTURE = "departure", _("On leaving the programme")
    JOINED = "joined", _("Joined after leaving")
    IMPORT = "import", _("Imported from an earlier list")


class Region(models.TextChoices):
    NORTH_AMERICA = "north_america", _("North America")
    LATIN_AMERICA = "latin_america", _("Latin America and the Caribbean")
    EUROPE = "europe", _("Europe")
    ASIA = "asia", _("Asia")
    OCEANIA = "oceania", _("Oceania")
    AFRICA = "africa", _("Africa and the Middle East")


class ChapterStatus(models.TextChoices):
    FOUNDING = "founding", _("Being founded")
    ACTIVE = "active", pgettext_lazy("chapter", "Active")
    DORMANT = "dormant", _("Dormant")
    REFOUNDING = "refounding", _("Being re-founded")


CHAPTER_TRANSITIONS = TransitionTable(
    Transition("found", {ChapterStatus.FOUNDING, ChapterStatus.REFOUNDING}, ChapterStatus.ACTIVE,
               "alumni.manage_chapter", _("Record the founding"), guard="foundable", fields=("founded_on",)),
    Transition("lapse", {ChapterStatus.ACTIVE}, ChapterStatus.DORMANT, "alumni.manage_chapter",
               _("Record the chapter as dormant")),
    Transition("refound", {ChapterStatus.DORMANT}, ChapterStatus.REFOUNDING, "alumni.manage_chapter",
               _("Start re-founding")),
)

# The JETAA rule: a chapter has at least this many members and written bylaws.
MIN_MEMBERS = 20


class JobKind(models.TextChoices):
    JOB = "job", pgettext_lazy("posting", "Job")
    INTERNSHIP = "internship", pgettext_lazy("posting", "Internship")


class JobStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("posting", "Open")
    CLOSED = "closed", pgettext_lazy("posting", "Closed")


JOB_TRANSITIONS = TransitionTable(
    Transition("close", {JobStatus.OPEN}, JobStatus.CLOSED, "alumni.manage_job", pgettext_lazy("posting", "Close")),
)


class MentoringStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("mentoring", "Asked")
    ACCEPTED = "accepted", pgettext_lazy("mentoring", "Accepted")
    DECLINED = "declined", pgettext_lazy("mentoring", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("mentoring", "Withdrawn")
    ENDED = "ended", pgettext_lazy("mentoring", "Ended")


MENTORING_TRANSITIONS = TransitionTable(
    Transition("accept", {MentoringStatus.REQUESTED}, MentoringStatus.ACCEPTED, "alumni.answer_mentoring",
               pgettext_lazy("mentoring", "Accept"), fields=("answered_at",)),
    Transition("decline", {MentoringStatus.REQUESTED}, MentoringStatus.DECLINED, "alumni.answer_mentoring",
               pgettext_lazy("mentoring", "Decline"), fields=("answered_at",)),
    Transition("withdraw", {MentoringStatus.REQUESTED}, MentoringStatus.WITHDRAWN, "alumni.withdraw_mentoring",
               pgettext_lazy("mentoring", "Withdraw")),
    Transition("end", {MentoringStatus.ACCEPTED}, MentoringStatus.ENDED, "alumni.end_mentoring",
               _("End the mentoring")),
)
# A request still in play: a participant asks one mentor at a time, once.
LIVE_MENTORING = frozenset({MentoringStatus.REQUESTED, MentoringStatus.ACCEPTED})
