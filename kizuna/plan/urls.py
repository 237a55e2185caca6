from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:year>/", views.dashboard_year, name="dashboard_year"),
    path("<int:year>/export.xlsx", views.export, name="export"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("programmes/<int:pk>/report/", views.report_programme, name="report_programme"),
    path("figures/<int:pk>/sign-off/", views.sign_off_figure, name="sign_off_figure"),
    path("figures/<int:pk>/return/", views.return_figure, name="return_figure"),
    path("kpis/<int:pk>/", views.kpi, name="kpi"),
    path("kpis/<int:pk>/figures/", views.record_kpi, name="record_kpi"),
    path("kpis/<int:pk>/records/", views.kpi_records, name="kpi_records"),
]
