"""The expert registry for Django staff (adding experts and linking them to their accounts)."""

from django.contrib import admin

from kizuna.core.admin import AuditedAdmin

from .models import Expert


@admin.register(Expert)
class ExpertAdmin(AuditedAdmin):
    list_display = ("name", "programme", "person", "hourly_fee", "is_active")
    list_filter = ("programme", "is_active")
    search_fields = ("name", "bio")
