"""JET alumni: one record a person, their placements carried over from the programme, the privacy they choose,
and the JETAA chapters they belong to.

A chapter is an organisation of its own (`core.Organisation`, kind `jetaa`): its officers act for it through
memberships with the role `chapter_officer`, like the staff of any organisation; `Chapter` holds what only a
chapter has (country, region, founding, bylaws, state). Members are alumni records, not accounts: an alumnus
imported from an earlier list belongs to a chapter before they ever sign in."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.search.text import fold
from kizuna.core.workflow import state_constraint
from kizuna.jet.enums import Position
from kizuna.jet.models import validate_country

from .enums import (
    ALUMNUS_TRANSITIONS,
    CHAPTER_TRANSITIONS,
    JOB_TRANSITIONS,
    LIVE_MENTORING,
    MENTORING_TRANSITIONS,
    AlumnusStatus,
    ChapterStatus,
    JobKind,
    JobStatus,
    MentoringStatus,
    Region,
    Source,
    Visibility,
)


def search_key(full_name: str, kana: str = "") -> str:
    """What the directory compares a name query with: the name and its reading, folded (kizuna.core.search)."""
    return fold(f"{full_name} {kana}")


def _visibility(label):
    return models.CharField(label, max_length=8, choices=Visibility.choices, default=Visibility.CLAIR)


class Alumnus(models.Model):
    """A JET alumnus in the network (JETAA): listed while their consent stands."""

    transitions = ALUMNUS_TRANSITIONS
    # What the person may hide from others is not written into the change log, only that it changed.
    audit_masked = ("email", "city", "employer", "birth_date", "photo")

    person = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="alumnus", verbose_name=_("account"))
    full_name = models.CharField(_("full name"), max_length=200)
    full_name_kana = models.CharField(_("name in katakana"), max_length=200, blank=True)
    search_name = models.CharField(max_length=400, editable=False, db_index=True)  # fold(name + kana)
    jet_number = models.CharField(_("JET number"), max_length=11, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    # indexed first in (country, status, search_name): Meta.indexes
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    email = models.EmailField(_("email address"), blank=True)
    city = models.CharField(_("city where you live"), max_length=120, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    email_visibility = _visibility(_("who sees your email address"))
    city_visibility = _visibility(_("who sees your city"))
    employer_visibility = _visibility(_("who sees your employer"))
    placements_visibility = _visibility(_("who sees your placements"))
    photo = models.FileField(_("photo"), upload_to="alumni/photos/", blank=True)
    photo_visibility = _visibility(_("who sees your photo"))
    status = models.CharField(_("status"), max_length=10, choices=AlumnusStatus.choices,
                              default=AlumnusStatus.LISTED)  # indexed with the id: Meta.indexes
    source = models.CharField(_("came into the network"), max_length=10, choices=Source.choices)
    consent_wording = models.TextField(_("the consent given, word for word"))
    consented_at = models.DateTimeField(_("consented on"))
    withdrawn_at = models.DateTimeField(_("consent withdrawn on"), null=True, blank=True)
    deletion_requested_at = models.DateTimeField(_("deletion asked for on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("JET alumnus")
        verbose_name_plural = _("JET alumni")
        ordering = ["search_name", "pk"]
        constraints = [
            state_constraint("alumni_alumnus", AlumnusStatus),
            models.UniqueConstraint(fields=["jet_number"], condition=~Q(jet_number=""),
                                    name="alumni_one_record_per_jet_number"),
        ]
        indexes = [models.Index(fields=["status", "search_name"], name="alumni_listed_by_name"),
                   # the directory by country, in name order: any page from the index, and its count
                   models.Index(fields=["country", "status", "search_name"], name="alumni_by_country_name"),
                   # a search by employer counts the matches among those who show it from this narrow index,
                   # not from the rows (SQLite, 80,000 alumni: 68 -> 40 ms)
                   models.Index(fields=["status", "employer_visibility", "employer"], name="alumni_employer_seen"),
                   # the listed ids alone: a chapter's or the placements' matches are counted against this index
                   # rather than the whole table (PostgreSQL, `?chapter=` of 9,262 members: 38 -> 16 ms; SQLite's
                   # index on the status held the row id already)
                   models.Index(fields=["status", "id"], name="alumni_listed_ids")]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return path_of("alumni:profile", self.pk)


class Placement(models.Model):
    """Where and as what an alumnus served on the programme: carried over from their participant record, or
    from the earlier list they were imported from."""

    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="placements")
    participant = models.ForeignKey("jet.Participant", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("JET participant record"))
    organisation = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("contracting organisation"))
    organisation_name = models.CharField(_("contracting organisation"), max_length=200)
    prefecture = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("prefecture"))
    position = models.CharField(_("position"), max_length=3, choices=Position.choices)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                                   name="alumni_placement_ends_after_start"),
        ]
        # the directory's "on the programme in (year)": the placements that end in or after it, from this narrow
        # index rather than a scan of every row (SQLite, 90,000 placements: 21 -> 12 ms)
        indexes = [models.Index(fields=["ended_on", "started_on", "alumnus"], name="alumni_placement_years")]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.started_on.year}–{self.ended_on.year if self.ended_on else ''})"


class Chapter(models.Model):
    """A JETAA chapter: an organisation of kind `jetaa`, with its country, region, founding and bylaws."""

    transitions = CHAPTER_TRANSITIONS

    organisation = models.OneToOneField("core.Organisation", on_delete=models.PROTECT, primary_key=True,
                                        related_name="chapter", verbose_name=_("organisation"))
    country = models.CharField(_("country"), max_length=2, validators=[validate_country], db_index=True)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    bylaws_adopted_on = models.DateField(_("bylaws adopted on"), null=True, blank=True,
                                         help_text=_("Leave empty while the chapter has no written bylaws."))
    bylaws_url = models.URLField(_("bylaws (link)"), blank=True)
    bylaws = models.FileField(_("bylaws (document)"), upload_to="alumni/bylaws/", blank=True,
                              help_text=_("A PDF or Word file of at most 20 MB."))
    status = models.CharField(_("status"), max_length=10, choices=ChapterStatus.choices,
                              default=ChapterStatus.ACTIVE, db_index=True)
    supported_by = models.ForeignKey("core.Organisation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="supported_chapters",
                                     verbose_name=pgettext_lazy("chapter", "supported by"),
                                     help_text=_("The CLAIR overseas office that supports the chapter."))
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("JETAA chapter")
        verbose_name_plural = _("JETAA chapters")
        constraints = [state_constraint("alumni_chapter", ChapterStatus)]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return path_of("alumni:chapter", self.pk)


class ChapterMember(models.Model):
    """An alumnus's membership of a chapter, from joining to leaving."""

    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="members",
                                verbose_name=_("JETAA chapter"))
    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="chapter_memberships",
                                verbose_name=_("JET alumnus"))
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("chapter membership")
        verbose_name_plural = _("chapter memberships")
        ordering = ["joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["chapter", "alumnus"], condition=Q(left_on__isnull=True),
                                    name="alumni_one_live_membership_per_chapter"),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                                   name="alumni_member_leaves_after_joining"),
        ]
        indexes = [models.Index(fields=["alumnus", "left_on"], name="alumni_member_by_alumnus"),
                   # from it alone: the chapters' health (live members, those who joined this year) and a
                   # chapter's live members (the directory's filter, the "my chapter" circle of `field_q`)
                   models.Index(fields=["chapter", "left_on", "alumnus", "joined_on"],
                                name="alumni_member_by_chapter_day")]

    def __str__(self) -> str:
        return f"{self.alumnus} — {self.chapter}"


class PossibleDuplicate(models.Model):
    """Two records that may be one person (an import found the same name, birth date and years on the
    programme): shown to headquarters to merge or to keep apart, never merged by themselves."""

    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="+", verbose_name=_("record"))
    other = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("may be the same person as"))
    found_at = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(_("resolution"), max_length=8, blank=True,
                                  choices=[("merged", _("merged")), ("distinct", _("different people"))])
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["found_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["alumnus", "other"], name="alumni_duplicate_pair_once")]

    def __str__(self) -> str:
        return f"{self.alumnus} ≟ {self.other}"


class CountryRepresentative(models.Model):
    """An alumnus who represents their country in JETAA International, from a date until another takes over."""

    alumnus = models.ForeignKey(Alumnus, on_delete=models.CASCADE, related_name="representing",
                                verbose_name=_("JET alumnus"))
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    since = models.DateField(pgettext_lazy("representative", "since"))
    until = models.DateField(pgettext_lazy("representative", "until"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("country representative")
        verbose_name_plural = _("country representatives")
        ordering = ["country", "since", "pk"]
        constraints = [models.UniqueConstraint(fields=["country"], condition=Q(until__isnull=True),
                                               name="alumni_one_representative_per_country")]

    def __str__(self) -> str:
        return f"{self.alumnus} ({self.country})"


class JobPosting(models.Model):
    """A job or internship that a company, a local government or a JETAA chapter posts for alumni and
    participants, open until it expires or its poster closes it; applications go to the poster directly."""

    transitions = JOB_TRANSITIONS

    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="job_postings",
                                     verbose_name=pgettext_lazy("posting", "posted by"))
    kind = models.CharField(_("kind"), max_length=10, choices=JobKind.choices, default=JobKind.JOB)
    title = models.CharField(pgettext_lazy("posting", "title"), max_length=200)
    description = models.TextField(_("what the work is"))
    place = models.CharField(pgettext_lazy("posting", "where"), max_length=200)
    apply_url = models.URLField(_("where to apply (link)"), blank=True)
    contact_email = models.EmailField(_("where to apply (email)"), blank=True)
    expires_on = models.DateField(_("open until"))
    status = models.CharField(_("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.OPEN,
                              db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["expires_on", "pk"]
        constraints = [
            state_constraint("alumni_jobposting", JobStatus),
            models.CheckConstraint(condition=~Q(apply_url="") | ~Q(contact_email=""),
                                   name="alumni_job_says_where_to_apply"),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="alumni_job_open")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("alumni:job", self.pk)


class Mentor(models.Model):
    """An alumnus who offers to mentor participants: on what, in which languages, and whether they take more."""

    alumnus = models.OneToOneField(Alumnus, on_delete=models.CASCADE, related_name="mentor",
                                   verbose_name=_("JET alumnus"))
    topics = models.CharField(_("topics"), max_length=300,
                              help_text=_("What you can help with: careers in Japan, teaching, translation, …"))
    languages = models.CharField(_("languages"), max_length=100)
    is_available = models.BooleanField(_("taking new participants"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")

    def __str__(self) -> str:
        return str(self.alumnus)


class MentoringRequest(models.Model):
    """A participant asks a mentor; the mentor accepts (both then see each other's email) or declines."""

    transitions = MENTORING_TRANSITIONS

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="requests", verbose_name=_("mentor"))
    participant = models.ForeignKey("jet.Participant", on_delete=models.CASCADE, related_name="mentoring_requests",
                                    verbose_name=_("JET participant"))
    message = models.TextField(_("what you would like to talk about"))
    status = models.CharField(_("status"), max_length=10, choices=MentoringStatus.choices,
                              default=MentoringStatus.REQUESTED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring request")
        verbose_name_plural = _("mentoring requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            state_constraint("alumni_mentoringrequest", MentoringStatus),
            models.UniqueConstraint(fields=["mentor", "participant"], condition=Q(status__in=sorted(LIVE_MENTORING)),
                                    name="alumni_one_live_request_per_mentor"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.mentor}"

    def get_absolute_url(self) -> str:
        return reverse("alumni:mentoring")
