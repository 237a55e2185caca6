from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kizuna.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.sections import register_section

        from . import home, kpis, rules, services  # noqa: F401 - policies, guards and effects, KPIs, the home page
        from .demo import seed_events_demo
        from .sections import events_section

        register_demo_seeder(seed_events_demo)
        register_section(events_section)
