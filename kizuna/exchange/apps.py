from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "kizuna.exchange"
    label = "exchange"
    verbose_name = _("Sister-city registry")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import home, kpis, rules, search, services  # noqa: F401 - home, KPIs, policies, search, guards
        from .demo import seed_exchange_demo

        register_demo_seeder(seed_exchange_demo)
        register_tones("exchange.Affiliation", {"active": "success", "lapsed": "warning", "dissolved": "muted"})
        register_tones("exchange.Proposal", {"submitted": "info", "returned": "warning", "approved": "success",
                                             "rejected": "muted"})
