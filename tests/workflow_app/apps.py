from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    name = "tests.workflow_app"
    label = "workflow_app"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import services  # noqa: F401 - the guard and the effect attach themselves
