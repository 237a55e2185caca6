from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kizuna.core"
    label = "core"
    verbose_name = _("Kizuna core")

    def ready(self) -> None:
        from . import accounts, checks, directory, rules, sealed  # noqa: F401 - logging, system checks, search, policies
        from .audit import connect_watch

        connect_watch()
