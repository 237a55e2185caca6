from django.contrib.sitemaps.views import sitemap
from django.urls import path

from kizuna.core.permissions import public

from . import feeds, oai, views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("portal/", views.portal, name="portal"),
    path("works/<int:pk>/", views.work, name="work"),
    path("files/<int:pk>/", views.download, name="download"),
    path("feed.rss", public("library.view_library")(feeds.LibraryFeed()), name="rss"),
    path("feed.atom", public("library.view_library")(feeds.LibraryAtomFeed()), name="atom"),
    path("oai", public("library.view_library")(oai.respond), name="oai"),
    path("sitemap.xml", public("library.view_library")(sitemap), {"sitemaps": {"library": feeds.LibrarySitemap}},
         name="sitemap"),
    path("workspace/", views.workspace, name="workspace"),
    path("new/", views.create, name="create"),
    path("import/", views.import_catalogue, name="import"),
    path("works/<int:pk>/edit/", views.edit, name="edit"),
    path("works/<int:pk>/editions/<str:language>/", views.edition, name="edition"),
    path("works/<int:pk>/files/", views.add_file, name="add_file"),
    path("works/<int:pk>/submit/", views.submit, name="submit"),
    path("works/<int:pk>/review/<str:action>/", views.review, name="review"),
    path("files/<int:pk>/remove/", views.remove_file, name="remove_file"),
    path("files/<int:pk>/correct/", views.correct_file, name="correct_file"),
]
