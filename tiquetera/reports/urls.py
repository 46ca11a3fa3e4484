from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [path("<slug:slug>/sla.csv", views.sla_csv, name="sla_csv")]
