"""Social-media accounts of headquarters and the overseas offices, their posts on the calendar with the reach
figures, the followers per month, and local governments' requests for a promotion."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet
from kizuna.core.workflow import state_constraint
from kizuna.library.enums import Language

from .enums import POST_TRANSITIONS, PROMOTION_TRANSITIONS, Platform, PostStatus, PromotionStatus


class Account(models.Model):
    """One channel of headquarters or an office: a Facebook page, a WeChat official account, Seoul's own SNS."""

    holder = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="social_accounts",
                               verbose_name=_("held by"))
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    name = models.CharField(pgettext_lazy("social account", "name"), max_length=100)
    handle = models.CharField(_("handle"), max_length=100, blank=True, help_text=_("e.g. @clair_japan"))
    url = models.URLField(_("address of the account"), blank=True)
    language = models.CharField(_("language of its posts"), max_length=7, choices=Language.choices,
                                default=Language.JA)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("social-media account")
        verbose_name_plural = _("social-media accounts")
        ordering = ["holder", "platform", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["holder", "platform", "name"], name="social_account_unique_name"),
            models.CheckConstraint(condition=Q(platform__in=Platform.values), name="social_account_platform_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_platform_display()})"

    def get_absolute_url(self) -> str:
        return path_of("social:account", self.pk)


class AccountFigure(models.Model):
    """The followers of an account at the end of a month (what the platform's insights say)."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="figures",
                                verbose_name=_("social-media account"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    followers = models.PositiveIntegerField(_("followers"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("follower figure")
        verbose_name_plural = _("follower figures")
        ordering = ["account", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="social_one_figure_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="social_figure_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.month:%Y-%m}: {self.followers}"


class PromotionRequest(models.Model):
    """A local government asks an office (or headquarters) to promote its event or news on social media."""

    transitions = PROMOTION_TRANSITIONS

    requester = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="promotion_requests",
                                  verbose_name=_("asked by"))
    office = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="promotions_asked",
                               verbose_name=_("asked of"))
    event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="promotion_requests", verbose_name=_("event"))
    title = models.CharField(_("what to promote"), max_length=200)
    link = models.URLField(_("link"), blank=True, help_text=_("The page of the event or of the news."))
    message = models.TextField(_("message to the office"))
    wanted_from = models.DateField(_("wanted from"))
    wanted_until = models.DateField(_("wanted until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PromotionStatus.choices,
                              default=PromotionStatus.SUBMITTED, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("posted on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("promotion request")
        verbose_name_plural = _("promotion requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            state_constraint("social_promotionrequest", PromotionStatus),
            models.CheckConstraint(condition=Q(wanted_until__isnull=True) | Q(wanted_until__gte=F("wanted_from")),
                                   name="social_promotion_until_after_from"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_of("social:promotion", self.pk)


class Post(models.Model):
    """A post planned on an account's calendar, drafted in the account's language, reviewed, approved, posted,
    with the platform's reach figures once known."""

    transitions = POST_TRANSITIONS

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="posts",
                                verbose_name=_("social-media account"))
    planned_at = models.DateTimeField(_("planned for"), db_index=True)
    text = models.TextField(pgettext_lazy("social post", "text"))
    link = models.URLField(_("link in the post"), blank=True)
    featured = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="featured_in_posts", verbose_name=_("local government featured"))
    event = models.ForeignKey("events.Event", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="social_posts", verbose_name=_("event"))
    promotion = models.OneToOneField(PromotionRequest, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="post", verbose_name=_("promotion request"))
    status = models.CharField(_("status"), max_length=10, choices=PostStatus.choices, default=PostStatus.DRAFT,
                              db_index=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    posted_url = models.URLField(_("address of the post"), blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    impressions = models.PositiveIntegerField(_("impressions"), null=True, blank=True)
    engagements = models.PositiveIntegerField(_("engagements"), null=True, blank=True,
                                              help_text=_("Reactions, comments and shares."))
    figures_updated_at = models.DateTimeField(_("figures updated at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("social-media post")
        verbose_name_plural = _("social-media posts")
        ordering = ["planned_at", "pk"]
        constraints = [
            state_constraint("social_post", PostStatus),
            models.CheckConstraint(
                condition=~Q(status=PostStatus.POSTED) | (Q(posted_at__isnull=False) & ~Q(posted_url="")),
                name="social_post_posted_has_link"),
        ]

    def __str__(self) -> str:
        first = self.text.strip().splitlines()[0] if self.text.strip() else ""
        return first[:60] or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return path_of("social:post", self.pk)
