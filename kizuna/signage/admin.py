"""The admin shows each translation's provenance: how it was made, by whom, and whether a native speaker
reviewed it. Review is changed in the message pages (with history), never here: the field is read-only. Every
save and delete here leaves its audit entry (`AuditedAdmin`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kizuna.core.admin import AuditedAdmin

from .models import Category, Message, Pack, Purpose, Translation


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ("key", "name", "name_en", "phase", "number")
    list_filter = ("phase",)


@admin.register(Purpose)
class PurposeAdmin(AuditedAdmin):
    list_display = ("key", "name", "name_en", "number")


class TranslationInline(admin.TabularInline):
    model = Translation
    fields = ("language", "text", "status", "is_current", "method", "author", "native_review")
    readonly_fields = ("status", "is_current", "method", "author", "native_review")
    extra = 0

    @admin.display(description=_("reviewed by a native speaker"))
    def native_review(self, obj):
        if obj.native_reviewed:
            return f"{obj.reviewer_name} {obj.reviewed_at:%Y-%m-%d}"
        return _("Not reviewed by a native speaker")


@admin.register(Message)
class MessageAdmin(AuditedAdmin):
    list_display = ("key", "category", "pictogram", "organisation")
    list_filter = ("category", "pictogram", "organisation")
    search_fields = ("key", "search_text")
    inlines = [TranslationInline]


@admin.register(Translation)
class TranslationAdmin(AuditedAdmin):
    list_display = ("message", "language", "status", "is_current", "method", "native_reviewed", "author")
    list_filter = ("language", "status", "method", "native_reviewed", "is_current")
    search_fields = ("text", "message__key")
    readonly_fields = ("status", "is_current", "method", "author", "proposed_by", "native_reviewed", "reviewer",
                       "reviewer_name", "reviewed_at", "created_at")


@admin.register(Pack)
class PackAdmin(AuditedAdmin):
    list_display = ("pk", "requested_by", "status", "done", "total", "created_at")
    list_filter = ("status",)
    # A pack's state is the background task's (PACK_TRANSITIONS), never changed here.
    readonly_fields = ("status", "total", "done", "file", "error", "finished_at")
