from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JetConfig(AppConfig):
    name = "kizuna.jet"
    label = "jet"
    verbose_name = _("JET Programme")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.sections import register_section
        from kizuna.core.ui import register_tones

        # KPIs, the policies, the roster's search, the guards (of the participant's year and of the round)
        from . import kpis, leaving, reappointment, rules, search, services  # noqa: F401
        from .demo import seed_jet_demo
        from .demo_claims import seed_claims_demo
        from .demo_reappointment import seed_reappointment_demo
        from .demo_safety import seed_safety_demo
        from .sections import jet_section

        register_demo_seeder(seed_jet_demo)
        register_demo_seeder(seed_safety_demo)  # after the participants it asks
        register_demo_seeder(seed_reappointment_demo)  # after the participants, too
        register_demo_seeder(seed_claims_demo)  # after the participants and the grants' schemes
        register_section(jet_section)
        register_tones("jet.Participant", {"placed": "info", "arrived": "info", "in_post": "success",
                                           "leaving": "warning", "departed": "muted", "withdrawn": "muted"})
        register_tones("jet.SafetyConfirmation", {"open": "warning", "closed": "muted"})
        register_tones("jet.ReappointmentRound", {"open": "warning", "closed": "muted"})
        register_tones("jet.ReappointmentIntention", {
            "awaiting": "warning", "intends_stay": "info", "intends_leave": "info", "agreed": "info",
            "declined": "info", "stays": "success", "leaves": "muted"})
