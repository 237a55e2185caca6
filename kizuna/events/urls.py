from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("feed.ics", views.feed_ics, name="feed"),
    path("event.csv", views.open_data_csv, name="open_data"),
    path("mine/", views.my_registrations, name="mine"),
    path("new/", views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/roster/", views.roster, name="roster"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/lottery/", views.lottery, name="lottery"),
    path("<int:pk>/attendance/", views.attendance_import, name="attendance"),
    path("<int:pk>/survey-results/", views.survey_summary, name="survey_summary"),
    path("<int:pk>/colleagues/<int:org_pk>/", views.register_colleagues, name="colleagues"),
    path("certificates/<str:code>/", views.verify, name="verify"),
    path("registrations/<int:pk>/survey/", views.survey, name="survey"),
    path("registrations/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("booths/<int:pk>/", views.booths.booth, name="booth"),
    path("booths/<int:pk>/apply/", views.booths.booth_apply, name="booth_apply"),
    path("exhibitors/<int:pk>/", views.booths.exhibitor, name="exhibitor"),
    path("exhibitors/<int:pk>/select/", views.booths.exhibitor_select, name="exhibitor_select"),
    path("exhibitors/<int:pk>/reject/", views.booths.exhibitor_reject, name="exhibitor_reject"),
    path("exhibitors/<int:pk>/withdraw/", views.booths.exhibitor_withdraw, name="exhibitor_withdraw"),
    path("exhibitors/<int:pk>/checklist/", views.booths.exhibitor_checklist, name="exhibitor_checklist"),
    path("exhibitors/<int:pk>/report/", views.booths.exhibitor_report, name="exhibitor_report"),
    path("registrations/<int:pk>/", views.registration_detail, name="registration"),
    path("registrations/<int:pk>/qr.svg", views.registration_qr, name="registration_qr"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="cancel"),
    path("registrations/<int:pk>/accept/", views.registration_accept, name="accept"),
    path("registrations/<int:pk>/approve/", views.registration_approve, name="approve"),
    path("registrations/<int:pk>/decline/", views.registration_decline, name="decline"),
]
