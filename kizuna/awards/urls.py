from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("winners/", views.winners, name="winners"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("rounds/<int:pk>/panel/", views.panel, name="panel"),
    path("rounds/<int:pk>/panel/judges/", views.panel_assign, name="panel_assign"),
    path("rounds/<int:pk>/panel/decide/", views.panel_decide, name="panel_decide"),
    path("rounds/<int:pk>/publish/", views.publish, name="publish"),
    path("nominations/", views.nominations, name="nominations"),
    path("nominations/<int:pk>/", views.nomination, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/send/", views.nomination_send, name="nomination_send"),
    path("nominations/<int:pk>/nominate/", views.nomination_nominate, name="nomination_nominate"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination_withdraw"),
    path("nominations/<int:pk>/endorse/", views.nomination_endorse, name="nomination_endorse"),
    path("nominations/<int:pk>/return/", views.nomination_return, name="nomination_return"),
    path("nominations/<int:pk>/check/", views.nomination_check, name="nomination_check"),
]
