from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignageConfig(AppConfig):
    name = "kizuna.signage"
    label = "signage"
    verbose_name = _("Multilingual disaster signage")

    def ready(self) -> None:
        # The policies, the plan's KPI, the bank's search, the history's labels, the home page's offer.
        from kizuna.core.demo import register_demo_seeder

        from . import home, kpis, rules, search, services  # noqa: F401
        from .demo import seed_signage_demo

        register_demo_seeder(seed_signage_demo)
