"""Until the staff pages for creating events exist, CLAIR staff with admin access set events up here. Every save
and delete is logged like any other write (AuditedAdmin)."""

from django.contrib import admin

from kizuna.core.admin import AuditedAdmin

from .models import Booth, Event, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    readonly_fields = ("seats_taken",)


@admin.register(Event)
class EventAdmin(AuditedAdmin):
    list_display = ("title", "organiser", "kind", "format", "starts_at", "capacity", "seats_taken", "is_published")
    list_filter = ("kind", "format", "audience", "mode", "is_published")
    search_fields = ("title", "title_en")
    raw_id_fields = ("organiser", "prefecture", "programme", "invitees")
    readonly_fields = ("seats_taken",)
    inlines = [SessionInline]
    logged_m2m = {"invitees": ("invite", "pk")}



@admin.register(Booth)
class BoothAdmin(AuditedAdmin):
    list_display = ("name", "event", "slots", "slots_taken", "cost_share", "applications_close")
    raw_id_fields = ("event",)
    readonly_fields = ("slots_taken",)
