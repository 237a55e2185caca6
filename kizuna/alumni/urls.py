from django.urls import path

from . import views, views_board

app_name = "alumni"

urlpatterns = [
    path("", views.index, name="index"),
    path("join/", views.join, name="join"),
    path("me/", views.me, name="me"),
    path("me/data/", views.my_data, name="my_data"),
    path("me/photo/", views.my_photo, name="my_photo"),
    path("me/<slug:action>/", views.my_step, name="my_step"),
    path("directory/", views.directory, name="directory"),
    path("people/<int:pk>/", views.profile, name="profile"),
    path("people/<int:pk>/represent/", views.appoint, name="appoint"),
    path("people/<int:pk>/photo/", views.photo, name="photo"),
    path("international/", views.international, name="international"),
    path("chapters/", views.chapters, name="chapters"),
    path("chapters/<int:pk>/", views.chapter, name="chapter"),
    path("chapters/<int:pk>/members/", views.chapter_members, name="chapter_members"),
    path("chapters/<int:pk>/members.csv", views.chapter_members_csv, name="chapter_members_csv"),
    path("chapters/<int:pk>/edit/", views.chapter_edit, name="chapter_edit"),
    path("chapters/<int:pk>/mail/", views.chapter_mail, name="chapter_mail"),
    path("chapters/<int:pk>/join/", views.chapter_join, name="chapter_join"),
    path("chapters/<int:pk>/<slug:action>/", views.chapter_step, name="chapter_step"),
    path("memberships/<int:pk>/leave/", views.chapter_leave, name="chapter_leave"),
    path("import/", views.import_alumni, name="import"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/<slug:action>/", views.duplicate_resolve, name="duplicate_resolve"),
    path("jobs/", views_board.jobs, name="jobs"),
    path("jobs/new/", views_board.job_create, name="job_create"),
    path("jobs/<int:pk>/", views_board.job, name="job"),
    path("jobs/<int:pk>/close/", views_board.job_close, name="job_close"),
    path("mentors/", views_board.mentors, name="mentors"),
    path("mentors/offer/", views_board.mentor_offer, name="mentor_offer"),
    path("mentors/<int:pk>/ask/", views_board.mentor_ask, name="mentor_ask"),
    path("mentoring/", views_board.mentoring, name="mentoring"),
    path("mentoring/<int:pk>/answer/<slug:action>/", views_board.mentoring_answer, name="mentoring_answer"),
    path("mentoring/<int:pk>/withdraw/", views_board.mentoring_withdraw, name="mentoring_withdraw"),
    path("mentoring/<int:pk>/end/", views_board.mentoring_end, name="mentoring_end"),
    path("deletion-requests/", views.deletion_requests, name="deletion_requests"),
    path("deletion-requests/<int:pk>/delete/", views.delete, name="delete"),
]
