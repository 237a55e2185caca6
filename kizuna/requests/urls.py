from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("queues/", views.queues, name="queues"),
    path("queues/<int:office_pk>/", views.queue, name="queue"),
    path("queues/<int:office_pk>/hours/", views.office_hours, name="office_hours"),
    path("reports/", views.reports_page, name="reports"),
    path("reports.xlsx", views.reports_export, name="reports_export"),
    path("research/", views.research, name="research"),
    path("research/fy<int:year>.xlsx", views.research_export, name="research_export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/files/<int:file_pk>/", views.download, name="download"),
    path("<int:pk>/message/", views.message, name="message"),
    path("<int:pk>/endorse/", views.endorse, name="endorse"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/decline/", views.decline, name="decline"),
    path("<int:pk>/wait/", views.wait, name="wait"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/rate/", views.rate, name="rate"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/publish/", views.publish, name="publish"),
]
