from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kizuna.core"
    label = "core"
    verbose_name = _("Kizuna core")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        auditlog.register(models.Organisation, exclude_fields=["search_text", "updated_at"])
        auditlog.register(models.CoveredCountry)
        auditlog.register(models.Membership)
        auditlog.register(models.Invitation, exclude_fields=["token_hash"])
        auditlog.register(models.ApiToken, exclude_fields=["token_hash", "last_used_at"])
