from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "kizuna.plan"
    label = "plan"
    verbose_name = _("Business plan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kizuna.core.demo import register_demo_seeder

        from . import kpis_core, models, sections  # noqa: F401 - the core's measured KPIs, the org-page section
        from .demo import seed_plan_demo

        register_demo_seeder(seed_plan_demo)

        for model in (models.FiscalYear, models.Area, models.Programme, models.KPI, models.KPIEntry):
            auditlog.register(model)
