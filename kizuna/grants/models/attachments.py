from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.policies import VisibleQuerySet

from ..enums import AttachmentStage
from .applications import Application


class Attachment(models.Model):
    """A document of one of the scheme's document types, one answering a file question of the call, or one sent
    with the performance report (実績報告); its type was checked by its content."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    stage = models.CharField(_("sent with"), max_length=12, choices=AttachmentStage.choices,
                             default=AttachmentStage.APPLICATION)
    question_key = models.SlugField(_("question"), max_length=40, blank=True)
    document_type = models.CharField(_("document type"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to="grants/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "stage", "question_key", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return self.document_type or self.question_key
