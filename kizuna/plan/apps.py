from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "kizuna.plan"
    label = "plan"
    verbose_name = _("Business plan")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        register_tones("plan.KPIEntry", {"entered": "warning", "signed_off": "success", "returned": "danger"})
        register_tones("plan.ProgrammeReport", {"on_track": "success", "at_risk": "warning", "behind": "danger"})

        # Policies, the services of manual figures, the core's measured KPIs, the organisation page's section.
        from . import kpis_core, rules, sections, services  # noqa: F401
        from .demo import seed_plan_demo

        register_demo_seeder(seed_plan_demo)
