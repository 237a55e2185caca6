"""Atom and RSS feeds of the newest released works, of the whole library or of one kind or theme
(`?kind=clair_report`, `?theme=disaster`), and the sitemap of every released work for search engines."""

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .enums import Kind
from .models import Theme, Work

ITEMS = 30


def _released():
    return Work.objects.released().select_related("publisher").prefetch_related("editions", "themes")


class LibraryFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        kind = request.GET.get("kind", "")
        theme = Theme.objects.filter(slug=request.GET.get("theme", "")[:40]).first()
        return {"kind": kind if kind in Kind.values else "", "theme": theme}

    def title(self, obj):
        parts = [_("CLAIR information library")]
        if obj["kind"]:
            parts.append(str(Kind(obj["kind"]).label))
        if obj["theme"]:
            parts.append(obj["theme"].label())
        return " — ".join(parts)

    def link(self, obj):
        query = "&".join(f"{k}={v}" for k, v in (("kind", obj["kind"]),
                                                  ("theme", obj["theme"].slug if obj["theme"] else "")) if v)
        return reverse("library:index") + (f"?{query}" if query else "")

    def description(self, obj):
        return _("New publications of CLAIR and its overseas offices.")

    def items(self, obj):
        works = _released()
        if obj["kind"]:
            works = works.filter(kind=obj["kind"])
        if obj["theme"]:
            works = works.filter(themes=obj["theme"])
        return works.order_by("-published_at", "-pk")[:ITEMS]

    def item_title(self, item):
        return " · ".join(filter(None, [item.identifier, item.title]))

    def item_description(self, item):
        edition = item.edition_for()
        return edition.abstract if edition else ""

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        english = (get_language() or "ja")[:2] == "en"
        return item.publisher.name_en if english and item.publisher.name_en else item.publisher.name

    def item_categories(self, item):
        return [t.label() for t in item.themes.all()]


class LibraryAtomFeed(LibraryFeed):
    feed_type = Atom1Feed
    subtitle = LibraryFeed.description


class LibrarySitemap(Sitemap):
    changefreq = "monthly"
    limit = 50_000  # the protocol's most URLs in one file: the whole catalogue (20,000 works) in one

    def items(self):
        return Work.objects.released().only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return timezone.localtime(item.updated_at)
