from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "kizuna.newsletter"
    label = "newsletter"
    verbose_name = _("Mail magazine and newsletters")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import home, kpis, rules, services  # noqa: F401 - home page, KPIs, policies, guards
        from .demo import seed_newsletter_demo

        register_demo_seeder(seed_newsletter_demo)
        register_tones("newsletter.Subscription", {"pending": "info", "active": "success", "unsubscribed": "muted",
                                                   "bounced": "warning", "complained": "danger"})
        register_tones("newsletter.Campaign", {"draft": "muted", "scheduled": "info", "sending": "warning",
                                               "sent": "success", "cancelled": "muted"})
