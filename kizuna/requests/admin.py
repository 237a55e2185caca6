"""Office hours are settings per office; Django staff edit them here (the pages are for the casework)."""

from django.contrib import admin

from .models import OfficeHours


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ("office", "opens", "closes", "weekdays", "holiday_country")
