from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecondmentsConfig(AppConfig):
    name = "kizuna.secondments"
    label = "secondments"
    verbose_name = _("Seconded staff")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import home, kpis, rules, search, services  # noqa: F401 - home page, KPIs, policies, search, guards
        from .demo import seed_secondments_demo

        register_demo_seeder(seed_secondments_demo)
        register_tones("secondments.Secondment", {"planned": "info", "serving": "success", "completed": "muted",
                                                  "ended_early": "warning"})
