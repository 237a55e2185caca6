from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "kizuna.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.sections import register_section

        from . import kpis, models, rules  # noqa: F401 - permissions and the plan's KPI queries
        from .demo import seed_events_demo
        from .sections import events_section

        register_demo_seeder(seed_events_demo)
        register_section(events_section)
        for model in (models.Event, models.Session, models.Registration):
            auditlog.register(model)
