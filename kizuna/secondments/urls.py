from django.urls import path

from . import views

app_name = "secondments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.secondment_new, name="secondment_new"),
    path("training/", views.training, name="training"),
    path("curriculum/", views.curriculum, name="curriculum"),
    path("courses/", views.courses, name="courses"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:pk>/", views.course_edit, name="course_edit"),
    path("import/", views.test_import, name="test_import"),
    path("governments/<int:pk>/", views.home_government, name="home_government"),
    path("<int:pk>/", views.secondment, name="secondment"),
    path("<int:pk>/edit/", views.secondment_edit, name="secondment_edit"),
    path("<int:pk>/step/<slug:action>/", views.secondment_step, name="secondment_step"),
    path("<int:pk>/postings/new/", views.posting_new, name="posting_new"),
    path("postings/<int:pk>/", views.posting_edit, name="posting_edit"),
    path("postings/<int:pk>/delete/", views.posting_delete, name="posting_delete"),
    path("<int:pk>/<slug:kind>/new/", views.record_new, name="record_new"),
    path("<int:pk>/<slug:kind>/<int:record>/", views.record_edit, name="record_edit"),
    path("<int:pk>/<slug:kind>/<int:record>/delete/", views.record_delete, name="record_delete"),
    path("field-trainings/<int:pk>/report/", views.report, name="report"),
]
