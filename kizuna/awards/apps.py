from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "kizuna.awards"
    label = "awards"
    verbose_name = _("Local Government International Exchange Award")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import home, kpis, rules, services  # noqa: F401 - home page, KPIs, policies, guards and effects
        from .demo import seed_awards_demo

        register_demo_seeder(seed_awards_demo)
        register_tones("awards.Nomination", {"draft": "muted", "with_prefecture": "info", "returned": "warning",
                                             "nominated": "success", "withdrawn": "muted"})
