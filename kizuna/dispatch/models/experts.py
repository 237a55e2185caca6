"""The registry of experts: who they are, what they know, where and how they can go, when, and their fee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet

from ..enums import Programme


class ExpertQuerySet(VisibleQuerySet):
    """`visible_to(user)`: the expert's own profile, and the whole registry for CLAIR staff (rules.py)."""


class Expert(models.Model):
    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="expert_profile", verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=100)
    programme = models.CharField(_("programme"), max_length=16, choices=Programme.choices)
    fields = models.JSONField(_("fields of expertise"), default=list, blank=True)
    languages = models.JSONField(_("languages (ISO 639-1)"), default=list, blank=True)
    regions = models.JSONField(_("regions covered (prefecture codes or country codes; empty = anywhere)"),
                               default=list, blank=True)
    onsite = models.BooleanField(_("goes on site"), default=True)
    online = models.BooleanField(_("works online"), default=True)
    hourly_fee = models.PositiveIntegerField(_("fee per hour (yen)"), default=0)
    bio = models.TextField(_("profile"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["programme", "name"]
        constraints = [models.CheckConstraint(condition=Q(onsite=True) | Q(online=True),
                                              name="expert_works_somehow")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_programme_display()})"

    def get_absolute_url(self) -> str:
        return path_of("dispatch:expert", self.pk)


class ExpertDate(models.Model):
    """A date the expert can (available=True) or cannot go."""

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="dates")
    day = models.DateField(_("date"))
    available = models.BooleanField(_("can go"), default=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["expert", "day"], name="one_mark_per_expert_day")]

    def __str__(self) -> str:
        return f"{self.day} {'○' if self.available else '×'}"
