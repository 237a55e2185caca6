from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "kizuna.grants"
    label = "grants"
    verbose_name = _("Grants")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.history import register_action_labels

        from . import home, kpis, rules, sections, services  # noqa: F401 - policies, guards and effects, KPIs, pages
        from .demo import seed_grants_demo
        from .history import ACTION_LABELS

        register_demo_seeder(seed_grants_demo)
        register_action_labels(ACTION_LABELS)
