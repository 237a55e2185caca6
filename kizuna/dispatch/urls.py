from django.urls import path

from . import views

app_name = "dispatch"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("board/", views.board, name="board"),
    path("experts/", views.experts, name="experts"),
    path("experts/<int:pk>/", views.expert, name="expert"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("experts/<int:pk>/dates/", views.expert_dates, name="expert_dates"),
    path("experts/<int:pk>/statements/<int:year>/<int:month>/", views.statement, name="statement"),
    path("experts/<int:pk>/statements/<int:year>/<int:month>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("experts/<int:pk>/statements/<int:year>/<int:month>/xlsx/", views.statement_xlsx, name="statement_xlsx"),
    path("statements/", views.month, name="statements"),
    path("statements/<int:year>/<int:month>/xlsx/", views.month_xlsx, name="statements_xlsx"),
    path("<int:pk>/visits/new/", views.plan_visit, name="plan_visit"),
    path("<int:pk>/files/new/", views.add_files, name="add_files"),
    path("files/<int:pk>/", views.report_file, name="report_file"),
    path("visits/<int:pk>/report/", views.report_visit, name="report_visit"),
    path("visits/<int:pk>/cancel/", views.cancel_visit, name="cancel_visit"),
    path("apply/", views.apply, name="apply"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/vet/", views.application_vet, name="application_vet"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/files/<int:pk>/", views.application_file, name="application_file"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/offer/", views.offer, name="offer"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/survey/", views.survey, name="survey"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
