from django.urls import path

from . import views

app_name = "alumni"

urlpatterns = [
    path("", views.index, name="index"),
    path("join/", views.join, name="join"),
    path("me/", views.me, name="me"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/<slug:action>/", views.my_step, name="my_step"),
    path("directory/", views.directory, name="directory"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/represent/", views.appoint, name="appoint"),
    path("international/", views.international, name="international"),
    path("chapters/", views.chapters, name="chapters"),
    path("chapters/<int:pk>/", views.chapter, name="chapter"),
    path("chapters/<int:pk>/members/", views.chapter_members, name="chapter_members"),
    path("chapters/<int:pk>/edit/", views.chapter_edit, name="chapter_edit"),
    path("chapters/<int:pk>/mail/", views.chapter_mail, name="chapter_mail"),
    path("chapters/<int:pk>/join/", views.chapter_join, name="chapter_join"),
    path("chapters/<int:pk>/<slug:action>/", views.chapter_step, name="chapter_step"),
    path("memberships/<int:pk>/leave/", views.chapter_leave, name="chapter_leave"),
    path("import/", views.import_alumni, name="import"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/<slug:action>/", views.duplicate_resolve, name="duplicate_resolve"),
    path("deletion-requests/", views.deletion_requests, name="deletion_requests"),
    path("deletion-requests/<int:pk>/delete/", views.delete, name="delete"),
]
