"""Published research in the full-text search (kizuna/core/search/fulltext): the public title, theme and summary
of each published answer, in Japanese and English. The index follows `services.publish_research` through the
audit trail; what a person may find is still decided by the queryset they search (`Request.objects.published()`).
"""

from kizuna.core.search.fulltext import Document, DocumentSearch, register_document_search

from .models import Request


class ResearchDocuments(DocumentSearch):
    name = "research"
    model = Request

    def indexed(self):
        return Request.objects.published()

    def documents(self, queryset):
        fields = ("pk", "public_title", "public_title_en", "theme", "public_summary", "public_summary_en")
        for pk, title, title_en, theme, summary, summary_en in queryset.values_list(*fields):
            yield Document(pk, title="\n".join(filter(None, (title, title_en, theme))),
                           body="\n".join(filter(None, (summary, summary_en))))


register_document_search(ResearchDocuments())
