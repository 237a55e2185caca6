from django.urls import path

from . import views

app_name = "delegations"

urlpatterns = [
    path("", views.index, name="index"),
    path("programmes/new/", views.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/badges.pdf", views.programme_badges, name="programme_badges"),
    path("programmes/<int:pk>/list.pdf", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/delegations/new/", views.delegation_new, name="delegation_new"),
    path("<int:pk>/", views.delegation, name="delegation"),
    path("<int:pk>/edit/", views.delegation_edit, name="delegation_edit"),
    path("<int:pk>/step/<slug:action>/", views.delegation_step, name="delegation_step"),
    path("<int:pk>/cancel/", views.delegation_cancel, name="delegation_cancel"),
    path("<int:pk>/badges.pdf", views.delegation_badges, name="delegation_badges"),
    path("<int:pk>/list.pdf", views.delegation_list, name="delegation_list"),
    path("<int:pk>/itinerary.pdf", views.delegation_itinerary, name="delegation_itinerary"),
    path("<int:pk>/members/new/", views.member_new, name="member_new"),
    path("<int:pk>/members/import/", views.members_import, name="members_import"),
    path("<int:pk>/members/<int:member_pk>/edit/", views.member_edit, name="member_edit"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/visits/new/", views.visit_new, name="visit_new"),
    path("visits/", views.visits, name="visits"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/remove/", views.visit_remove, name="visit_remove"),
]
