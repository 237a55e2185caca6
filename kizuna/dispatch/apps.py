from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "kizuna.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch of experts")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.sections import register_section

        from . import kpis, rules, search, services  # noqa: F401 - policies, search, guards and effects, KPIs
        from .demo import seed_dispatch_demo
        from .sections import dispatch_section

        register_demo_seeder(seed_dispatch_demo)
        register_section(dispatch_section)
