"""System checks of the platform's seams: what every app must hold, checked when Django starts.

- every audited model's managers refuse unlogged bulk updates (`AuditedQuerySet`);
- every model with a transition table has its guards attached and a database constraint on its states;
- every model of Kizuna's apps has a permission policy that decides who sees it.
"""

from django.apps import apps
from django.core import checks
from django.db import models

from .audit import AuditedQuerySet, audited_models
from .policies import policy_for
from .workflow import tables


@checks.register()
def audited_managers(app_configs=None, **kwargs):
    errors = []
    for model in audited_models():
        for manager in model._meta.managers:
            if not issubclass(manager._queryset_class, AuditedQuerySet):
                errors.append(checks.Error(
                    f"{model._meta.label}.{manager.name} does not refuse unlogged bulk updates",
                    hint="Build the manager from kizuna.core.audit.AuditedQuerySet (or VisibleQuerySet).",
                    obj=model, id="kizuna.E001"))
    return errors


@checks.register()
def transition_tables(app_configs=None, **kwargs):
    errors = []
    for model, table in tables():
        for guard in table.missing_guards():
            errors.append(checks.Error(f"{model._meta.label}: the guard {guard!r} is not attached",
                                       hint="Attach it with @TABLE.guard(name) in the app's services.",
                                       obj=model, id="kizuna.E002"))
        state = table.state_field
        constrained = [c for c in model._meta.constraints
                       if isinstance(c, models.CheckConstraint) and f"{state}__in" in str(c.condition)]
        if not constrained:
            errors.append(checks.Error(f"{model._meta.label}.{state} has no CheckConstraint on its values",
                                       hint="Add kizuna.core.workflow.state_constraint() to Meta.constraints.",
                                       obj=model, id="kizuna.E003"))
    return errors


@checks.register()
def model_policies(app_configs=None, **kwargs):
    errors = []
    for model in apps.get_models():
        config = model._meta.app_config
        if model._meta.auto_created or not config.name.startswith("kizuna.") or model._meta.label == "core.User":
            continue
        try:
            policy_for(model)
        except LookupError:
            errors.append(checks.Error(f"{model._meta.label} has no permission policy", obj=model,
                                       hint="Define one in the app's rules.py and register() it.",
                                       id="kizuna.E004"))
    return errors
