from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    name = "kizuna.social"
    label = "social"
    verbose_name = _("Social-media calendar")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import kpis, rules, services  # noqa: F401 - KPIs, policies, guards and effects
        from .demo import seed_social_demo

        register_demo_seeder(seed_social_demo)
        register_tones("social.Post", {"draft": "muted", "in_review": "info", "approved": "warning",
                                       "posted": "success", "cancelled": "muted"})
        register_tones("social.PromotionRequest", {"submitted": "info", "accepted": "success",
                                                   "declined": "muted"})
