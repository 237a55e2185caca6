"""The thread of an application (kizuna/core/threads): messages between the applicant and CLAIR, and CLAIR's
internal notes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kizuna.core.threads import ThreadMessage

from .applications import Application


class ApplicationMessage(ThreadMessage):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    internal = models.BooleanField(_("internal note (not shown to the applicant)"), default=False)

    class Meta(ThreadMessage.Meta):
        verbose_name = _("message on an application")
        verbose_name_plural = _("messages on applications")
        indexes = [models.Index(fields=["application", "created_at"], name="grants_msg_app_created")]
