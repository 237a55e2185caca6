from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "kizuna.requests"
    label = "requests"
    verbose_name = _("Requests to overseas offices")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.sections import register_section

        # policies, guards and effects, KPIs, full text, the home page's provider
        from . import home, kpis, rules, search, services  # noqa: F401
        from .demo import seed_requests_demo
        from .sections import requests_section

        register_demo_seeder(seed_requests_demo)
        register_section(requests_section)
