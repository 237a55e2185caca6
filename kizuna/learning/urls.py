from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("", views.courses, name="courses"),
    path("new/", views.course_new, name="course_new"),
    path("me/", views.mine, name="mine"),
    path("courses/<int:pk>/", views.course, name="course"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/publish/", views.course_publish, name="course_publish"),
    path("courses/<int:pk>/archive/", views.course_archive, name="course_archive"),
    path("courses/<int:pk>/modules/new/", views.module_new, name="module_new"),
    path("courses/<int:pk>/modules/<int:module_pk>/edit/", views.module_edit, name="module_edit"),
    path("courses/<int:pk>/questions/new/", views.question_new, name="question_new"),
    path("courses/<int:pk>/modules/<int:part_pk>/move/", views.part_move, {"kind": "module"}, name="module_move"),
    path("courses/<int:pk>/modules/<int:part_pk>/remove/", views.part_remove, {"kind": "module"},
         name="module_remove"),
    path("courses/<int:pk>/questions/<int:part_pk>/move/", views.part_move, {"kind": "question"},
         name="question_move"),
    path("courses/<int:pk>/questions/<int:part_pk>/remove/", views.part_remove, {"kind": "question"},
         name="question_remove"),
    path("courses/<int:pk>/progress/", views.progress, name="progress"),
    path("courses/<int:pk>/enrol-arrivals/", views.enrol_arrivals, name="enrol_arrivals"),
    path("courses/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/", views.enrolment, name="enrolment"),
    path("enrolments/<int:pk>/modules/<int:module_pk>/", views.module, name="module"),
    path("enrolments/<int:pk>/quiz/", views.quiz, name="quiz"),
    path("enrolments/<int:pk>/approve/", views.approve, name="approve"),
    path("enrolments/<int:pk>/decline/", views.decline, name="decline"),
    path("enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
]
