from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "kizuna.library"
    label = "library"
    verbose_name = _("Information library")

    def ready(self) -> None:
        from kizuna.core.demo import register_demo_seeder
        from kizuna.core.ui import register_tones
        from kizuna.core.views import register_sitemap

        from . import flow, kpis, rules, search, services  # noqa: F401 - research flow, KPIs, policies, search, guards
        from .demo import seed_library_demo

        register_demo_seeder(seed_library_demo)
        register_sitemap("library:sitemap")
        register_tones("library.Work", {"draft": "muted", "review": "info", "published": "success",
                                        "withdrawn": "warning"})
        register_tones("library.EditionFile", {"pending": "info", "done": "success", "no_text": "warning",
                                               "failed": "danger"})
