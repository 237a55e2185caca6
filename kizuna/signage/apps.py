from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignageConfig(AppConfig):
    name = "kizuna.signage"
    label = "signage"
    verbose_name = _("Multilingual disaster signage")

    def ready(self) -> None:
        from . import rules, search, services  # noqa: F401 - the policies, the bank's search, the history's labels
