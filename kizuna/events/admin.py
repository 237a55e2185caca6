"""Until the staff pages for creating events exist, CLAIR staff with admin access set events up here."""

from django.contrib import admin

from .models import Booth, Event, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "organiser", "kind", "format", "starts_at", "capacity", "seats_taken", "is_published")
    list_filter = ("kind", "format", "audience", "mode", "is_published")
    search_fields = ("title", "title_en")
    raw_id_fields = ("organiser", "prefecture", "programme", "invitees")
    readonly_fields = ("seats_taken",)
    inlines = [SessionInline]


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ("name", "event", "slots", "slots_taken", "cost_share", "applications_close")
    raw_id_fields = ("event",)
    readonly_fields = ("slots_taken",)
