from django.urls import path

from . import views

app_name = "counselling"

urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/write/", views.write, name="write"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("cases/<int:pk>/take/", views.take, name="take"),
    path("cases/<int:pk>/note/", views.note, name="note"),
    path("cases/<int:pk>/classify/", views.classify, name="classify"),
    path("cases/<int:pk>/refer/", views.refer, name="refer"),
    path("cases/<int:pk>/close/", views.close, name="close"),
    path("cases/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("cases/<int:pk>/assign/", views.assign, name="assign"),
    path("cases/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("cases/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/record/", views.session_record, name="session_record"),
    path("sessions/<int:pk>/session.ics", views.session_calendar, name="session_calendar"),
    path("slots/", views.slots, name="slots"),
    path("slots/<int:pk>/remove/", views.slot_remove, name="slot_remove"),
    path("access-log/", views.access_log, name="access_log"),
    path("statistics/", views.statistics, name="statistics"),
    path("allowance/", views.allowance, name="allowance"),
]
