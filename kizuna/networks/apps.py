from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "kizuna.networks"
    label = "networks"
    verbose_name = _("People and bodies of the field")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import home, kpis, rules, search, services  # noqa: F401 - home tasks, KPIs, policies, search, guards
        from .demo import seed_networks_demo

        register_demo_seeder(seed_networks_demo)
        register_tones("networks.Consultation", {"received": "info", "in_progress": "warning",
                                                 "answered": "success", "closed": "muted"})
