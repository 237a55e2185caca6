from django.urls import path  # noqa: F401

app_name = "signage"

urlpatterns: list = []
