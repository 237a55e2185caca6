from django.urls import path

from . import views

app_name = "jet"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("overview/", views.overview, name="overview"),
    path("import/", views.import_placements, name="import"),
    path("participants.csv", views.roster_export, name="roster_export"),
    path("me/", views.mine, name="mine"),
    path("participants/<int:pk>/", views.participant, name="participant"),
    path("participants/<int:pk>/arrive/", views.arrive, name="arrive"),
    path("participants/<int:pk>/in-post/", views.take_post, name="take_post"),
    path("participants/<int:pk>/leaving/", views.leaving, name="leaving"),
    path("participants/<int:pk>/stay-on/", views.stay_on, name="stay_on"),
    path("participants/<int:pk>/depart/", views.depart, name="depart"),
    path("participants/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("participants/<int:pk>/emergency/", views.emergency, name="emergency"),
    path("hosts/<int:pk>/", views.host, name="host"),
]

# Safety confirmation (安否確認): kizuna/jet/views_safety.py
from . import views_safety  # noqa: E402

urlpatterns += [
    path("safety/", views_safety.confirmations, name="safety"),
    path("safety/new/", views_safety.start, name="safety_start"),
    path("safety/<int:pk>/", views_safety.board, name="safety_board"),
    path("safety/<int:pk>/export.csv", views_safety.export, name="safety_export"),
    path("safety/<int:pk>/remind/", views_safety.remind, name="safety_remind"),
    path("safety/<int:pk>/close/", views_safety.close, name="safety_close"),
    path("safety/answer/<int:pk>/<str:token>/", views_safety.answer, name="safety_answer"),
]
