"""A request to an overseas office, its thread of messages and attachments, and its pauses."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.threads import ThreadMessage
from kizuna.core.workflow import state_constraint

from ..enums import MAX_MINUTES, REQUEST_TRANSITIONS, Kind, Status


class RequestQuerySet(VisibleQuerySet):
    def active(self):
        return self.filter(status__in=[Status.AWAITING_BRANCH, Status.AWAITING_HQ, Status.OPEN, Status.WAITING])

    def published(self):
        return self.filter(kind=Kind.RESEARCH, is_public=True, status__in=[Status.ANSWERED, Status.CLOSED])


class Request(models.Model):
    transitions = REQUEST_TRANSITIONS

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what you need"))
    requester = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="office_requests",
                                  verbose_name=_("requesting organisation"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("filed by"))
    branch = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("branch"))
    office = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="office_queue", verbose_name=_("office"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("handled by"))
    country = models.CharField(_("country"), max_length=2)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    people = models.TextField(_("people (who travels or attends)"), blank=True)
    purpose = models.TextField(_("purpose and whom you want to meet"), blank=True)
    # Remote support asked for an exhibition or for PR: the plan counts it apart (area 1, programme 1-4)
    for_promotion = models.BooleanField(_("for an exhibition or PR (tourism, local products)"), default=False)
    questions = models.TextField(_("research questions"), blank=True)
    theme = models.CharField(_("theme"), max_length=100, blank=True)
    wanted_by = models.DateField(_("answer wanted by"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    routed_at = models.DateTimeField(_("reached the office at"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    deliverable = models.TextField(_("answer / deliverable"), blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    rating_comment = models.TextField(_("comment on the service"), blank=True)
    is_public = models.BooleanField(_("published"), default=False)
    public_title = models.CharField(_("public title"), max_length=200, blank=True)
    public_title_en = models.CharField(_("public title (English)"), max_length=200, blank=True)
    public_summary = models.TextField(_("public summary"), blank=True)
    public_summary_en = models.TextField(_("public summary (English)"), blank=True)
    # The library (kizuna.library) publishes the answer's own text too when staff say so.
    publish_answer = models.BooleanField(_("answer text published"), default=False)

    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to an overseas office")
        verbose_name_plural = _("requests to overseas offices")
        ordering = ["-submitted_at", "-pk"]
        # An office's queue in its order: the active requests (the default view, counted on every page) in an
        # index of their own, any one status in the other; both end in the order's tie-break, so a deep page
        # walks the index instead of sorting the office's whole history.
        indexes = [models.Index(fields=["office", "status", "routed_at", "id"], name="request_queue"),
                   models.Index(fields=["office", "routed_at", "id"], name="request_active_queue",
                                condition=Q(status__in=[Status.OPEN, Status.WAITING])),
                   models.Index(fields=["requester", "status"]),
                   # Published research newest first and how many there are, from the index alone, overall and
                   # by country (100,000 answers: 200–500 ms → a few ms). Not partial indexes: SQLite cannot
                   # match a query's bound parameters to an index's condition, so the condition's columns
                   # come last.
                   models.Index(fields=["kind", "-answered_at", "-id", "is_public", "status"],
                                name="research_published"),
                   models.Index(fields=["kind", "country", "-answered_at", "-id", "is_public", "status"],
                                name="research_published_country")]
        constraints = [
            state_constraint("request", Status),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="request_kind_valid"),
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="request_rating_1_to_5"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")), name="request_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return path_of("requests:detail", self.pk)

    @property
    def pause_spans(self) -> tuple:
        """(started, ended) of each pause, oldest first: what the deadlines are computed from."""
        return tuple((p.started_at, p.ended_at) for p in self.pauses.all())

    @property
    def is_research(self) -> bool:
        return self.kind == Kind.RESEARCH


class Pause(models.Model):
    """Time the request waited for the requester: the office's clock stops."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [models.CheckConstraint(condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F(
            "started_at")), name="pause_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.started_at}–{self.ended_at or ''}"


class Message(ThreadMessage):
    """A message of the request's thread (kizuna/core/threads): a reply, or an internal note of the staff on it."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages")
    internal = models.BooleanField(_("internal note (not shown to the requester)"), default=False)
    # The requester answered by replying to Kizuna's mail (kizuna.requests.inbound), not on the page.
    via_mail = models.BooleanField(_("sent by mail"), default=False)
    # Staff's working time on the request recorded with this reply or note (the office's workload).
    minutes = models.PositiveSmallIntegerField(_("time spent (minutes)"), null=True, blank=True)

    class Meta(ThreadMessage.Meta):
        constraints = [models.CheckConstraint(
            condition=Q(minutes__isnull=True) | Q(minutes__gte=1, minutes__lte=MAX_MINUTES),
            name="message_minutes_1_to_max")]


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="requests/%Y/%m/")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    # Published with the research answer (in the library): only staff mark it, never an internal note's file.
    is_public = models.BooleanField(_("published with the answer"), default=False)

    objects = VisibleQuerySet.as_manager()

    def __str__(self) -> str:
        return self.name
