from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "kizuna.careers"
    label = "careers"
    verbose_name = _("JET careers")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import kpis, rules, services  # noqa: F401 - KPIs, policies, guards and effects
        from .demo import seed_careers_demo

        register_demo_seeder(seed_careers_demo)
        register_tones("careers.Offer", {"draft": "muted", "open": "success", "closed": "muted"})
        register_tones("careers.Application", {
            "submitted": "info", "shortlisted": "info", "offered": "warning", "accepted": "success",
            "completed": "success", "declined": "muted", "rejected": "muted", "withdrawn": "muted"})
