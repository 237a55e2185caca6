"""Django admin for superusers: the everyday pages are Kizuna's own, this is the back office."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .audit import delete_logged, log_action, save_logged
from .models import ApiToken, CoveredCountry, Invitation, Membership, Organisation, User


class AuditedAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Every save and delete in the admin leaves its audit entry, like any other write (`<app>.<model>.admin_*`).
    Bulk actions delete one record at a time so that each deletion is logged."""

    # Many-to-many fields the admin may change, which save_model does not see: field -> (verb, the value logged)
    logged_m2m: dict[str, tuple[str, str]] = {}

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        before = {name: sorted(getattr(obj, name).values_list(value, flat=True)) if change else []
                  for name, (_verb, value) in self.logged_m2m.items()}
        super().save_related(request, form, formsets, change)
        for name, (verb, value) in self.logged_m2m.items():
            after = sorted(getattr(obj, name).values_list(value, flat=True))
            if after != before[name]:
                log_action(obj, self._action(obj, verb), by=request.user, changes={name: [before[name], after]})

    def _action(self, obj, verb: str) -> str:
        return f"{obj._meta.app_label}.{obj._meta.model_name}.admin_{verb}"

    def save_model(self, request, obj, form, change):
        fields = list(form.changed_data) if change else None
        known = {f.name for f in obj._meta.concrete_fields}
        save_logged(obj, self._action(obj, "change" if change else "create"), by=request.user,
                    fields=[f for f in fields if f in known] if fields is not None else None)

    def delete_model(self, request, obj):
        delete_logged(obj, self._action(obj, "delete"), by=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            delete_logged(obj, self._action(obj, "delete"), by=request.user)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_logged(obj, self._action(obj, "delete"), by=request.user)
        for obj in instances:
            save_logged(obj, self._action(obj, "change" if obj.pk else "create"), by=request.user)
        formset.save_m2m()


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_superuser", "date_joined"]
    search_fields = ["email", "full_name", "full_name_kana"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "full_name_kana", "preferred_language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    list_filter = ["is_active", "is_superuser"]


class CoveredCountryInline(admin.TabularInline):
    model = CoveredCountry
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "name_en", "kind", "code", "municipality_type", "is_active", "abolished_on"]
    list_filter = ["kind", "municipality_type", "is_active"]
    search_fields = ["name", "name_kana", "name_en", "code", "slug"]
    raw_id_fields = ["parent", "prefecture", "local_government", "successors"]
    inlines = [CoveredCountryInline]
    logged_m2m = {"successors": ("successors", "code")}  # of an abolished body not yet in changes.csv

    def save_model(self, request, obj, form, change):
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)



@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["person", "organisation", "role", "started_at", "ended_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["person__email", "person__full_name", "organisation__name"]
    raw_id_fields = ["person", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(AuditedAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token_hash"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    list_display = ["person", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "hint"]
    raw_id_fields = ["person"]
