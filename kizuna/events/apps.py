from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kizuna.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.sections import register_section

        from . import kpis, rules, services  # noqa: F401 - policies, transition guards and effects, KPI queries
        from .demo import seed_events_demo
        from .sections import events_section

        register_demo_seeder(seed_events_demo)
        register_section(events_section)
