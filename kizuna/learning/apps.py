from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "kizuna.learning"
    label = "learning"
    verbose_name = _("JET learning")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones

        # The home page, KPIs, policies, the participant page's section, guards, the arrival effect:
        from . import home, kpis, rules, sections, services  # noqa: F401
        from .demo import seed_learning_demo
        from .demo_events import seed_learning_events_demo

        register_demo_seeder(seed_learning_demo)
        register_demo_seeder(seed_learning_events_demo)
        register_tones("learning.Course", {"draft": "info", "published": "success", "archived": "muted"})
        register_tones("learning.Enrolment", {"requested": "info", "enrolled": "info", "in_progress": "warning",
                                              "completed": "success", "failed": "error", "expired": "muted",
                                              "withdrawn": "muted", "declined": "muted"})
