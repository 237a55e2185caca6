from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "kizuna.plan"
    label = "plan"
    verbose_name = _("Business plan")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import kpis, models  # noqa: F401 - kpis registers the core's measured KPIs

        for model in (models.FiscalYear, models.Area, models.Programme, models.KPI, models.KPIEntry):
            auditlog.register(model)
