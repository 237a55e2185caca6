from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignageConfig(AppConfig):
    name = "kizuna.signage"
    label = "signage"
    verbose_name = _("Multilingual disaster signage")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, rules  # noqa: F401 - the app's permissions

        for model in (models.Category, models.Purpose, models.Message, models.Translation, models.Pack):
            auditlog.register(model)
