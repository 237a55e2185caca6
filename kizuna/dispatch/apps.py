from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "kizuna.dispatch"
    label = "dispatch"
    verbose_name = _("Dispatch of experts")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.sections import register_section
        from kizuna.core.ui import register_tones

        # policies, search, guards and effects (of dispatches and of applications to the expert bank), KPIs, the
        # home page's offer
        from . import applying, home, kpis, rules, search, services  # noqa: F401
        from .demo import seed_dispatch_demo
        from .sections import dispatch_section

        register_demo_seeder(seed_dispatch_demo)
        register_section(dispatch_section)
        register_tones("dispatch.ExpertApplication", {"resubmitted": "info"})
