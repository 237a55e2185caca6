from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegationsConfig(AppConfig):
    name = "kizuna.delegations"
    label = "delegations"
    verbose_name = _("Delegations")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import home, rules, services  # noqa: F401 - the home page, policies, guards
        from .demo import seed_delegations_demo

        register_demo_seeder(seed_delegations_demo)
        register_tones("delegations.Delegation", {"invited": "info", "confirmed": "warning", "arrived": "success",
                                                  "departed": "muted", "cancelled": "muted"})
