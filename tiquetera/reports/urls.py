from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<slug:chart>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("<slug:slug>/sla.csv", views.sla_csv, name="sla_csv"),
]
