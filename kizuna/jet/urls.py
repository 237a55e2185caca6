from django.urls import path

from . import views, views_leaving

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
    path("participants/<int:pk>/checklist/", views_leaving.checklist, name="leaving_checklist"),
    path("participants/<int:pk>/alumni-consent/", views_leaving.consent, name="alumni_consent"),
    path("leaving-tasks/<int:pk>/", views_leaving.tick, name="leaving_tick"),
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

# Reappointment round (再任用): kizuna/jet/views_reappointment.py
from . import views_reappointment  # noqa: E402

urlpatterns += [
    path("reappointment/", views_reappointment.rounds, name="reappointment"),
    path("reappointment/new/", views_reappointment.open_round, name="reappointment_open"),
    path("reappointment/<int:pk>/", views_reappointment.board, name="reappointment_round"),
    path("reappointment/<int:pk>/outcome/", views_reappointment.outcome, name="reappointment_outcome"),
    path("reappointment/<int:pk>/outcome.csv", views_reappointment.outcome_export,
         name="reappointment_outcome_export"),
    path("reappointment/<int:pk>/outcome/adjust/", views_reappointment.adjust_places,
         name="reappointment_adjust_places"),
    path("reappointment/<int:pk>/close/", views_reappointment.close, name="reappointment_close"),
    path("reappointment/<int:pk>/confirm-agreed/", views_reappointment.confirm_agreed,
         name="reappointment_confirm_agreed"),
    path("reappointment/intentions/<int:pk>/", views_reappointment.intention, name="reappointment_intention"),
    path("reappointment/intentions/<int:pk>/state/", views_reappointment.state, name="reappointment_state"),
    path("reappointment/intentions/<int:pk>/decide/", views_reappointment.decide, name="reappointment_decide"),
    path("reappointment/intentions/<int:pk>/confirm/", views_reappointment.confirm, name="reappointment_confirm"),
]
