from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("", views.index, name="index"),
    path("managers/", views.managers, name="managers"),
    path("managers/new/", views.manager_new, name="manager_new"),
    path("managers/certify/", views.certify, name="certify"),
    path("managers/<int:pk>/", views.manager, name="manager"),
    path("managers/<int:pk>/edit/", views.manager_edit, name="manager_edit"),
    path("managers/<int:pk>/consent/", views.manager_consent, name="manager_consent"),
    path("network/", views.network, name="network"),
    path("associations/", views.associations, name="associations"),
    path("associations/new/", views.association_new, name="association_new"),
    path("associations/<int:pk>/", views.association, name="association"),
    path("associations/<int:pk>/edit/", views.association_edit, name="association_edit"),
    path("ngos/", views.ngos, name="ngos"),
    path("ngos/new/", views.ngo_new, name="ngo_new"),
    path("ngos/<int:pk>/", views.ngo, name="ngo"),
    path("ngos/<int:pk>/edit/", views.ngo_edit, name="ngo_edit"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("consultations/<int:pk>/step/<slug:action>/", views.consultation_step, name="consultation_step"),
    path("consultations/<int:pk>/notes/", views.consultation_note, name="consultation_note"),
]
