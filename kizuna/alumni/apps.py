from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "kizuna.alumni"
    label = "alumni"
    verbose_name = _("JET alumni")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        from . import board, kpis, rules, services  # noqa: F401 - KPIs, policies, guards and effects
        from .demo import seed_alumni_demo

        register_demo_seeder(seed_alumni_demo)
        register_tones("alumni.Alumnus", {"listed": "success", "withdrawn": "muted"})
        register_tones("alumni.JobPosting", {"open": "success", "closed": "muted"})
        register_tones("alumni.MentoringRequest", {"requested": "info", "accepted": "success", "declined": "muted",
                                                   "withdrawn": "muted", "ended": "muted"})
        register_tones("alumni.Chapter", {"founding": "info", "active": "success", "dormant": "muted",
                                          "refounding": "info"})
