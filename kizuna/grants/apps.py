from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "kizuna.grants"
    label = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kizuna.core.demo import register_demo_seeder

        from . import kpis, models, rules  # noqa: F401 - permissions and the plan's KPI queries
        from .demo import seed_grants_demo

        register_demo_seeder(seed_grants_demo)

        for model in (models.Scheme, models.Criterion, models.Call, models.Question, models.Application,
                      models.CostLine, models.ApplicationRound, models.Assignment, models.Score, models.Payment,
                      models.ChangeRequest, models.Attachment):
            auditlog.register(model)
