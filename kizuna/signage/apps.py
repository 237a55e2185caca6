from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignageConfig(AppConfig):
    name = "kizuna.signage"
    label = "signage"
    verbose_name = _("Multilingual disaster signage")
