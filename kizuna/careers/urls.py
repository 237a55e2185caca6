from django.urls import path

from . import views

app_name = "careers"

urlpatterns = [
    path("", views.offers, name="offers"),
    path("new/", views.offer_create, name="offer_create"),
    path("<int:pk>/", views.offer, name="offer"),
    path("<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/publish/", views.offer_publish, name="offer_publish"),
    path("<int:pk>/close/", views.offer_close, name="offer_close"),
    path("<int:pk>/apply/", views.offer_apply, name="apply"),
    path("applications/", views.my_applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/decide/<slug:action>/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/answer/<slug:action>/", views.application_answer, name="application_answer"),
]
