"""Django admin for superusers: the everyday pages are Kizuna's own, this is the back office."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, CoveredCountry, Invitation, Membership, Organisation, User


@admin.register(User)
class UserAdmin(AuditlogHistoryAdminMixin, BaseUserAdmin):
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
class OrganisationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "code", "municipality_type", "is_active"]
    list_filter = ["kind", "municipality_type", "is_active"]
    search_fields = ["name", "name_kana", "name_en", "code", "slug"]
    raw_id_fields = ["parent", "prefecture", "local_government"]
    inlines = [CoveredCountryInline]

    def save_model(self, request, obj, form, change):
        obj.refresh_search_text()
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["person", "organisation", "role", "started_at", "ended_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["person__email", "person__full_name", "organisation__name"]
    raw_id_fields = ["person", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["token_hash"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["person", "name", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["token_hash", "hint"]
    raw_id_fields = ["person"]
