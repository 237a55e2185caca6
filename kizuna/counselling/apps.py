from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "kizuna.counselling"
    label = "counselling"
    verbose_name = _("JET counselling")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import home, rules, services  # noqa: F401 - the home page, policies, guards
        from .demo import seed_counselling_demo

        register_demo_seeder(seed_counselling_demo)
        register_tones("counselling.Case", {"waiting": "warning", "open": "info", "closed": "muted"})
        register_tones("counselling.Session", {"booked": "info", "held": "success", "missed": "error",
                                               "cancelled": "muted"})
