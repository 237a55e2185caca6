"""Mail from the organisers to an event's registrants: a message in Japanese and English to one group (everyone,
confirmed, waiting, attended, not attended), written as a draft, then sent by the task worker to the list of
people it was sent to, each in their own language with their own registration link."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from ..enums import MAIL_TRANSITIONS, MailGroup, MailStatus
from .events import Event, Registration

BODY_MAX = 10_000


class EventMail(models.Model):
    transitions = MAIL_TRANSITIONS

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mails")
    group = models.CharField(pgettext_lazy("mail", "to"), max_length=16, choices=MailGroup.choices,
                             default=MailGroup.CONFIRMED)
    subject = models.CharField(_("subject (Japanese)"), max_length=200)
    body = models.TextField(_("message (Japanese)"), max_length=BODY_MAX)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("message (English)"), max_length=BODY_MAX, blank=True,
                               help_text=_("For registrants who read English; empty: they get the Japanese."))
    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.DRAFT,
                              db_index=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mail to registrants")
        verbose_name_plural = _("mails to registrants")
        ordering = ["-created_at", "-pk"]
        constraints = [state_constraint("events_eventmail", MailStatus)]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return path_of("events:mail", self.pk)


class MailDelivery(models.Model):
    """One registrant on a mail's send-out list: written whole when the mail is sent, stamped as each is handed
    to the mail server (a worker that stops resumes with the rows not yet stamped)."""

    mail = models.ForeignKey(EventMail, on_delete=models.CASCADE, related_name="deliveries")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    # The rows are the sending's own record (like a mail server's log): their stamps are not audited one by
    # one; the mail's `send` and `finish` entries say how many and when.
    audit_untracked = ("sent_at", "error")

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["mail", "registration"], name="events_one_delivery_each")]

    def __str__(self) -> str:
        return f"{self.mail} → {self.registration_id}"
