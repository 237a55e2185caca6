"""Photos and documents of a visit report, stored as uploaded after their content was checked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.paths import path_of
from kizuna.core.policies import VisibleQuerySet


class ReportFileQuerySet(VisibleQuerySet):
    """`visible_to(user)`: seen by whoever may open the dispatch and its report (rules.py)."""


class ReportFile(models.Model):
    """A photo (PNG, JPEG) or a PDF of the report of a dispatch, or of one visit of it."""

    dispatch = models.ForeignKey("dispatch.Dispatch", on_delete=models.PROTECT, related_name="files",
                                 verbose_name=_("dispatch"))
    visit = models.ForeignKey("dispatch.Visit", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="files", verbose_name=_("visit"))
    file = models.FileField(upload_to="dispatch/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return path_of("dispatch:report_file", self.pk)

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
