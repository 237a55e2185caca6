"""Lists (the mail magazine, each office's newsletter, a JETAA chapter's list), their topics and subscriptions,
the issues (campaigns) written once with a part per language, their images, the send-out list of an issue
(one delivery per subscriber, the record that makes sending resumable), and the bounces fed back."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint

from .enums import (
    CAMPAIGN_TRANSITIONS,
    SUBSCRIPTION_TRANSITIONS,
    BounceKind,
    CampaignStatus,
    DeliveryState,
    Language,
    ListKind,
    Source,
    SubscriptionStatus,
)


def _secret() -> str:
    return secrets.token_urlsafe(12)


def _bilingual(ja: str, en: str, language: str | None = None) -> str:
    return en if (language or get_language() or "ja")[:2] == "en" and en else ja


class MailingList(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ListKind.choices)
    slug = models.SlugField(_("address on the site"), max_length=40, unique=True,
                            help_text=_("Letters, digits and hyphens: /newsletter/<this>/."))
    name = models.CharField(_("name (Japanese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    owner = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="mailing_lists",
                              verbose_name=_("run by"))
    chapter = models.ForeignKey("alumni.Chapter", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="mailing_lists", verbose_name=_("JETAA chapter"))
    languages = models.JSONField(_("languages"), default=list,
                                 help_text=_("The languages readers may choose; the first is the list's own."))
    from_name = models.CharField(_("sender's name"), max_length=120)
    reply_to = models.EmailField(_("replies go to"), blank=True)
    is_public = models.BooleanField(_("anyone may subscribe on the site"), default=True)
    track_engagement = models.BooleanField(
        _("count opens and clicks"), default=False,
        help_text=_("Off by default: with it on, each mail carries an image and links that report back."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mailing list")
        verbose_name_plural = _("mailing lists")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.label()

    def get_absolute_url(self) -> str:
        return reverse("newsletter:list", args=[self.slug])

    def label(self, language: str | None = None) -> str:
        return _bilingual(self.name, self.name_en, language)

    def description_in(self, language: str | None = None) -> str:
        return _bilingual(self.description, self.description_en, language)

    @property
    def main_language(self) -> str:
        return self.languages[0] if self.languages else Language.JA

    def language_choices(self) -> list[tuple[str, str]]:
        names = dict(Language.choices)
        return [(code, names.get(code, code)) for code in self.languages]


class Topic(models.Model):
    """A subject readers may choose (tourism, multicultural coexistence, JET, …); an issue may be for one."""

    mailing_list = models.ForeignKey(MailingList, on_delete=models.CASCADE, related_name="topics")
    slug = models.SlugField(max_length=40)
    name = models.CharField(_("name (Japanese)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        ordering = ["mailing_list", "slug"]
        constraints = [models.UniqueConstraint(fields=["mailing_list", "slug"], name="newsletter_topic_unique")]

    def __str__(self) -> str:
        return _bilingual(self.name, self.name_en)


class Subscription(models.Model):
    transitions = SUBSCRIPTION_TRANSITIONS
    audit_masked = ("secret",)
    audit_untracked = ("soft_bounces_seen_at",)

    mailing_list = models.ForeignKey(MailingList, on_delete=models.PROTECT, related_name="subscriptions",
                                     verbose_name=_("list"))
    email = models.EmailField(_("email address"), max_length=254)
    name = models.CharField(_("name"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=Language.choices, default=Language.JA)
    topics = models.ManyToManyField(Topic, blank=True, related_name="subscriptions",
                                    verbose_name=pgettext_lazy("mailing list", "topics"))
    status = models.CharField(_("status"), max_length=12, choices=SubscriptionStatus.choices,
                              default=SubscriptionStatus.PENDING)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.FORM)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="subscriptions")
    consent_at = models.DateTimeField(_("consent given at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    unsubscribed_from = models.ForeignKey("Campaign", on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="unsubscriptions", verbose_name=_("unsubscribed from"))
    soft_bounces = models.PositiveSmallIntegerField(_("soft bounces in a row"), default=0)
    soft_bounces_seen_at = models.DateTimeField(null=True, blank=True)
    secret = models.CharField(max_length=24, default=_secret, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["mailing_list", "email"]
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "email"], name="newsletter_subscription_unique"),
            state_constraint("newsletter_subscription", SubscriptionStatus),
        ]
        indexes = [models.Index(fields=["mailing_list", "status"], name="newsletter_sub_list_status")]

    def __str__(self) -> str:
        return self.email


class Campaign(models.Model):
    """One issue of a list: written once, a part per language, sent to each reader in theirs."""

    transitions = CAMPAIGN_TRANSITIONS
    audit_untracked = ("lease_owner", "lease_until")

    mailing_list = models.ForeignKey(MailingList, on_delete=models.PROTECT, related_name="campaigns",
                                     verbose_name=_("list"))
    number = models.PositiveIntegerField(_("issue number"))
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.DRAFT)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="campaigns",
                              verbose_name=_("only for readers of the topic"))
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    archive_work = models.OneToOneField("library.Work", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="newsletter_issue", verbose_name=_("library record"))
    # The sender holding the issue: another sender takes over once the lease has run out (a crashed worker).
    lease_owner = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("mail issue")
        verbose_name_plural = _("mail issues")
        ordering = ["mailing_list", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["mailing_list", "number"], name="newsletter_campaign_number"),
            state_constraint("newsletter_campaign", CampaignStatus),
        ]

    def __str__(self) -> str:
        part = self.part_for(get_language() or "ja")
        return f"{self.mailing_list.label()} #{self.number}" + (f" {part.subject}" if part else "")

    def get_absolute_url(self) -> str:
        return path_of("newsletter:campaign", self.pk)

    def archive_url(self, language: str = "") -> str:
        url = reverse("newsletter:issue", args=[self.mailing_list.slug, self.number])
        return f"{url}?lang={language}" if language else url

    def part_for(self, language: str | None = None):
        """The part a reader of `language` gets (see `choose_language`)."""
        parts = {p.language: p for p in self.parts.all()}
        chosen = choose_language(language or get_language() or "ja", parts, self.mailing_list.main_language)
        return parts.get(chosen)


def choose_language(wanted: str, available, main: str) -> str | None:
    """The fallback rule, one for sending, the archive and the preview: the reader's language if the issue has
    it; otherwise English for a reader of any language but Japanese (when the issue has English); otherwise
    the list's own language; otherwise whatever part there is."""
    if wanted in available:
        return wanted
    if wanted != Language.JA and Language.EN in available:
        return Language.EN
    if main in available:
        return main
    return next(iter(sorted(available)), None)


class Part(models.Model):
    """An issue in one language: its subject and body (one source for the HTML and the plain-text mail)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="parts")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=200)
    preheader = models.CharField(_("preview line"), max_length=200, blank=True,
                                 help_text=_("Shown after the subject in most mail programs."))
    body = models.TextField(_("body"), help_text=_(
        "Paragraphs separated by a blank line; “## ” starts a heading, “- ” a list item; links as "
        "[text](https://…); images as ![description](address of an image uploaded to this issue)."))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("part of an issue")
        ordering = ["campaign", "language"]
        constraints = [models.UniqueConstraint(fields=["campaign", "language"], name="newsletter_part_unique")]

    def __str__(self) -> str:
        return self.subject


def _image_path(instance, filename: str) -> str:
    return f"newsletter/images/{instance.sha256[:2]}/{instance.sha256}"


class Image(models.Model):
    """An image uploaded for an issue, served by Kizuna (never hot-linked from another site)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="images")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=_image_path)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("image")
        ordering = ["campaign", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("newsletter:image", args=[self.pk, self.sha256[:16]])


class Delivery(models.Model):
    """One reader's mail of one issue. The send-out list is written whole when sending starts; each row is then
    claimed, handed to the mail server and marked, so that a sender that stops (a restart, a crash) is resumed
    by another from the rows still queued: nobody mailed twice, nobody skipped (docs/newsletter.md).

    The rows are the sending's own record (like a mail server's log): their marks are not audited one by one;
    the issue's `start` and `finish` steps are, with their counts."""

    audit_untracked = ("state", "sent_at", "message_id", "error", "bounce", "opened_at", "clicked_at")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    language = models.CharField(max_length=8)
    state = models.CharField(max_length=8, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=300, blank=True)
    bounce = models.CharField(max_length=10, choices=BounceKind.choices, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "subscription"], name="newsletter_delivery_once")]
        indexes = [models.Index(fields=["campaign", "state"], name="newsletter_delivery_state")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.subscription_id}"


class Bounce(models.Model):
    """A bounce or complaint fed back (a DSN or an ARF report), attributed to its delivery when it can be."""

    kind = models.CharField(_("kind"), max_length=10, choices=BounceKind.choices)
    delivery = models.ForeignKey(Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="bounces")
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="bounces")
    recipient = models.CharField(pgettext_lazy("email", "address"), max_length=254, blank=True)
    status_code = models.CharField(_("status"), max_length=20, blank=True)
    diagnostic = models.CharField(_("server's words"), max_length=500, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("bounce")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.recipient}"
