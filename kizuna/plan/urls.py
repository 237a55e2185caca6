from django.urls import path

from . import views

app_name = "plan"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:year>/", views.dashboard_year, name="dashboard_year"),
    path("<int:year>/export.xlsx", views.export, name="export"),
    path("<int:year>/edit/", views.editor, name="editor"),
    path("<int:year>/areas/new/", views.add_area, name="add_area"),
    path("<int:year>/targets-and-figures.xlsx", views.plan_workbook, name="plan_workbook"),
    path("<int:year>/import/", views.import_workbook, name="import_workbook"),
    path("areas/<int:pk>/edit/", views.edit_area, name="edit_area"),
    path("areas/<int:pk>/programmes/new/", views.add_programme, name="add_programme"),
    path("programmes/<int:pk>/edit/", views.edit_programme, name="edit_programme"),
    path("programmes/<int:pk>/kpis/new/", views.add_kpi, name="add_kpi"),
    path("kpis/<int:pk>/edit/", views.edit_kpi, name="edit_kpi"),
    path("programmes/<int:pk>/", views.programme, name="programme"),
    path("programmes/<int:pk>/report/", views.report_programme, name="report_programme"),
    path("figures/<int:pk>/sign-off/", views.sign_off_figure, name="sign_off_figure"),
    path("figures/<int:pk>/return/", views.return_figure, name="return_figure"),
    path("kpis/<int:pk>/", views.kpi, name="kpi"),
    path("kpis/<int:pk>/figures/", views.record_kpi, name="record_kpi"),
    path("kpis/<int:pk>/records/", views.kpi_records, name="kpi_records"),
]
